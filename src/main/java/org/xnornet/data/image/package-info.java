/**
 * Turning ImageNet-style image files into network input: {@link org.xnornet.data.image.ImageDecoder}
 * (JPEG including CMYK/YCCK, PNG, GIF, BMP; format sniffed from the bytes; corrupt or truncated files
 * rejected with {@link org.xnornet.data.image.BadImageException}), {@link org.xnornet.data.image.Resize},
 * and {@link org.xnornet.data.image.ImageTransform}, the torchvision-style train/eval preprocessing into
 * normalised float CHW. Pure JDK ({@code javax.imageio}, {@code java.awt.image}); imports no other
 * project package and never Spark, so executors and local runs share it.
 */
package org.xnornet.data.image;
