package org.xnornet.kernel;

/**
 * The transforms of Winograd's F(m, 3) (Lavin &amp; Gray, CVPR 2016). With α = m + 2 points per tile: Bᵀ (input,
 * α → α), Aᵀ (output, α → m), G (filter, 3 → α), and the transposes A (output gradient, m → α) and Gᵀ (filter
 * gradient, α → 3) that backpropagation needs. The one-dimensional ones read their points at {@code src[s + i·ss]}
 * and write at {@code dst[d + k·ds]}; {@link Winograd3x3} applies them along columns, then rows. G and Gᵀ serve
 * m = 2 and m = 4 (filters are transformed once per call); for the per-tile transforms, m = 2 goes through the
 * one-dimensional forms and m = 4 through the unrolled 2-D forms at the end, which hold their 36 values in locals.
 */
final class WinogradTransforms {
    private WinogradTransforms() {
    }

    /** Bᵀ d of F(2, 3). */
    static void input2(float[] src, int s, int ss, float[] dst, int d, int ds) {
        float d0 = src[s];
        float d1 = src[s + ss];
        float d2 = src[s + 2 * ss];
        float d3 = src[s + 3 * ss];
        dst[d] = d0 - d2;
        dst[d + ds] = d1 + d2;
        dst[d + 2 * ds] = d2 - d1;
        dst[d + 3 * ds] = d1 - d3;
    }

    /** Aᵀ M of F(2, 3). */
    static void output2(float[] src, int s, int ss, float[] dst, int d, int ds) {
        float m1 = src[s + ss];
        float m2 = src[s + 2 * ss];
        dst[d] = src[s] + m1 + m2;
        dst[d + ds] = m1 - m2 - src[s + 3 * ss];
    }

    /** G g. */
    static void filter(int m, float[] src, int s, int ss, float[] dst, int d, int ds) {
        float g0 = src[s];
        float g1 = src[s + ss];
        float g2 = src[s + 2 * ss];
        if (m == 2) {
            dst[d] = g0;
            dst[d + ds] = (g0 + g1 + g2) * 0.5f;
            dst[d + 2 * ds] = (g0 - g1 + g2) * 0.5f;
            dst[d + 3 * ds] = g2;
            return;
        }
        dst[d] = g0 / 4;
        dst[d + ds] = -(g0 + g1 + g2) / 6;
        dst[d + 2 * ds] = -(g0 - g1 + g2) / 6;
        dst[d + 3 * ds] = g0 / 24 + g1 / 12 + g2 / 6;
        dst[d + 4 * ds] = g0 / 24 - g1 / 12 + g2 / 6;
        dst[d + 5 * ds] = g2;
    }

    /** A dY of F(2, 3): the transpose of {@link #output2}. */
    static void outputGradient2(float[] src, int s, int ss, float[] dst, int d, int ds) {
        float y0 = src[s];
        float y1 = src[s + ss];
        dst[d] = y0;
        dst[d + ds] = y0 + y1;
        dst[d + 2 * ds] = y0 - y1;
        dst[d + 3 * ds] = -y1;
    }

    /** Gᵀ dU: the transpose of {@link #filter}. */
    static void filterGradient(int m, float[] src, int s, int ss, float[] dst, int d, int ds) {
        float u0 = src[s];
        float u1 = src[s + ss];
        float u2 = src[s + 2 * ss];
        float u3 = src[s + 3 * ss];
        if (m == 2) {
            float half = (u1 + u2) * 0.5f;
            dst[d] = u0 + half;
            dst[d + ds] = (u1 - u2) * 0.5f;
            dst[d + 2 * ds] = half + u3;
            return;
        }
        float u4 = src[s + 4 * ss];
        float u5 = src[s + 5 * ss];
        dst[d] = u0 / 4 - (u1 + u2) / 6 + (u3 + u4) / 24;
        dst[d + ds] = (u2 - u1) / 6 + (u3 - u4) / 12;
        dst[d + 2 * ds] = (u3 + u4 - u1 - u2) / 6 + u5;
    }

    /** Bᵀ d B of the 6×6 tile at plane[b] (row length pw), written to v[dst + ξ·stride]: F(4×4, 3×3) unrolled. */
    static void inputTile4(float[] plane, int b, int pw, float[] v, int dst, int stride) {
        float d00 = plane[b];
        float d01 = plane[b + 1];
        float d02 = plane[b + 2];
        float d03 = plane[b + 3];
        float d04 = plane[b + 4];
        float d05 = plane[b + 5];
        float d10 = plane[b + 1 * pw + 0];
        float d11 = plane[b + 1 * pw + 1];
        float d12 = plane[b + 1 * pw + 2];
        float d13 = plane[b + 1 * pw + 3];
        float d14 = plane[b + 1 * pw + 4];
        float d15 = plane[b + 1 * pw + 5];
        float d20 = plane[b + 2 * pw + 0];
        float d21 = plane[b + 2 * pw + 1];
        float d22 = plane[b + 2 * pw + 2];
        float d23 = plane[b + 2 * pw + 3];
        float d24 = plane[b + 2 * pw + 4];
        float d25 = plane[b + 2 * pw + 5];
        float d30 = plane[b + 3 * pw + 0];
        float d31 = plane[b + 3 * pw + 1];
        float d32 = plane[b + 3 * pw + 2];
        float d33 = plane[b + 3 * pw + 3];
        float d34 = plane[b + 3 * pw + 4];
        float d35 = plane[b + 3 * pw + 5];
        float d40 = plane[b + 4 * pw + 0];
        float d41 = plane[b + 4 * pw + 1];
        float d42 = plane[b + 4 * pw + 2];
        float d43 = plane[b + 4 * pw + 3];
        float d44 = plane[b + 4 * pw + 4];
        float d45 = plane[b + 4 * pw + 5];
        float d50 = plane[b + 5 * pw + 0];
        float d51 = plane[b + 5 * pw + 1];
        float d52 = plane[b + 5 * pw + 2];
        float d53 = plane[b + 5 * pw + 3];
        float d54 = plane[b + 5 * pw + 4];
        float d55 = plane[b + 5 * pw + 5];
        float t00 = 4 * d00 - 5 * d20 + d40;
        float t10 = d30 + d40 - 4 * (d10 + d20);
        float t20 = d40 - d30 + 4 * (d10 - d20);
        float t30 = d40 - d20 + 2 * (d30 - d10);
        float t40 = d40 - d20 + 2 * (d10 - d30);
        float t50 = 4 * d10 - 5 * d30 + d50;
        float t01 = 4 * d01 - 5 * d21 + d41;
        float t11 = d31 + d41 - 4 * (d11 + d21);
        float t21 = d41 - d31 + 4 * (d11 - d21);
        float t31 = d41 - d21 + 2 * (d31 - d11);
        float t41 = d41 - d21 + 2 * (d11 - d31);
        float t51 = 4 * d11 - 5 * d31 + d51;
        float t02 = 4 * d02 - 5 * d22 + d42;
        float t12 = d32 + d42 - 4 * (d12 + d22);
        float t22 = d42 - d32 + 4 * (d12 - d22);
        float t32 = d42 - d22 + 2 * (d32 - d12);
        float t42 = d42 - d22 + 2 * (d12 - d32);
        float t52 = 4 * d12 - 5 * d32 + d52;
        float t03 = 4 * d03 - 5 * d23 + d43;
        float t13 = d33 + d43 - 4 * (d13 + d23);
        float t23 = d43 - d33 + 4 * (d13 - d23);
        float t33 = d43 - d23 + 2 * (d33 - d13);
        float t43 = d43 - d23 + 2 * (d13 - d33);
        float t53 = 4 * d13 - 5 * d33 + d53;
        float t04 = 4 * d04 - 5 * d24 + d44;
        float t14 = d34 + d44 - 4 * (d14 + d24);
        float t24 = d44 - d34 + 4 * (d14 - d24);
        float t34 = d44 - d24 + 2 * (d34 - d14);
        float t44 = d44 - d24 + 2 * (d14 - d34);
        float t54 = 4 * d14 - 5 * d34 + d54;
        float t05 = 4 * d05 - 5 * d25 + d45;
        float t15 = d35 + d45 - 4 * (d15 + d25);
        float t25 = d45 - d35 + 4 * (d15 - d25);
        float t35 = d45 - d25 + 2 * (d35 - d15);
        float t45 = d45 - d25 + 2 * (d15 - d35);
        float t55 = 4 * d15 - 5 * d35 + d55;
        v[dst] = 4 * t00 - 5 * t02 + t04;
        v[dst + stride] = t03 + t04 - 4 * (t01 + t02);
        v[dst + 2 * stride] = t04 - t03 + 4 * (t01 - t02);
        v[dst + 3 * stride] = t04 - t02 + 2 * (t03 - t01);
        v[dst + 4 * stride] = t04 - t02 + 2 * (t01 - t03);
        v[dst + 5 * stride] = 4 * t01 - 5 * t03 + t05;
        v[dst + 6 * stride] = 4 * t10 - 5 * t12 + t14;
        v[dst + 7 * stride] = t13 + t14 - 4 * (t11 + t12);
        v[dst + 8 * stride] = t14 - t13 + 4 * (t11 - t12);
        v[dst + 9 * stride] = t14 - t12 + 2 * (t13 - t11);
        v[dst + 10 * stride] = t14 - t12 + 2 * (t11 - t13);
        v[dst + 11 * stride] = 4 * t11 - 5 * t13 + t15;
        v[dst + 12 * stride] = 4 * t20 - 5 * t22 + t24;
        v[dst + 13 * stride] = t23 + t24 - 4 * (t21 + t22);
        v[dst + 14 * stride] = t24 - t23 + 4 * (t21 - t22);
        v[dst + 15 * stride] = t24 - t22 + 2 * (t23 - t21);
        v[dst + 16 * stride] = t24 - t22 + 2 * (t21 - t23);
        v[dst + 17 * stride] = 4 * t21 - 5 * t23 + t25;
        v[dst + 18 * stride] = 4 * t30 - 5 * t32 + t34;
        v[dst + 19 * stride] = t33 + t34 - 4 * (t31 + t32);
        v[dst + 20 * stride] = t34 - t33 + 4 * (t31 - t32);
        v[dst + 21 * stride] = t34 - t32 + 2 * (t33 - t31);
        v[dst + 22 * stride] = t34 - t32 + 2 * (t31 - t33);
        v[dst + 23 * stride] = 4 * t31 - 5 * t33 + t35;
        v[dst + 24 * stride] = 4 * t40 - 5 * t42 + t44;
        v[dst + 25 * stride] = t43 + t44 - 4 * (t41 + t42);
        v[dst + 26 * stride] = t44 - t43 + 4 * (t41 - t42);
        v[dst + 27 * stride] = t44 - t42 + 2 * (t43 - t41);
        v[dst + 28 * stride] = t44 - t42 + 2 * (t41 - t43);
        v[dst + 29 * stride] = 4 * t41 - 5 * t43 + t45;
        v[dst + 30 * stride] = 4 * t50 - 5 * t52 + t54;
        v[dst + 31 * stride] = t53 + t54 - 4 * (t51 + t52);
        v[dst + 32 * stride] = t54 - t53 + 4 * (t51 - t52);
        v[dst + 33 * stride] = t54 - t52 + 2 * (t53 - t51);
        v[dst + 34 * stride] = t54 - t52 + 2 * (t51 - t53);
        v[dst + 35 * stride] = 4 * t51 - 5 * t53 + t55;
    }

    /** Aᵀ M A of the 6×6 tile at m[src + ξ·stride], into res[16] row-major: F(4×4, 3×3) unrolled. */
    static void outputTile4(float[] m, int src, int stride, float[] res) {
        float m0 = m[src];
        float m1 = m[src + stride];
        float m2 = m[src + 2 * stride];
        float m3 = m[src + 3 * stride];
        float m4 = m[src + 4 * stride];
        float m5 = m[src + 5 * stride];
        float m6 = m[src + 6 * stride];
        float m7 = m[src + 7 * stride];
        float m8 = m[src + 8 * stride];
        float m9 = m[src + 9 * stride];
        float m10 = m[src + 10 * stride];
        float m11 = m[src + 11 * stride];
        float m12 = m[src + 12 * stride];
        float m13 = m[src + 13 * stride];
        float m14 = m[src + 14 * stride];
        float m15 = m[src + 15 * stride];
        float m16 = m[src + 16 * stride];
        float m17 = m[src + 17 * stride];
        float m18 = m[src + 18 * stride];
        float m19 = m[src + 19 * stride];
        float m20 = m[src + 20 * stride];
        float m21 = m[src + 21 * stride];
        float m22 = m[src + 22 * stride];
        float m23 = m[src + 23 * stride];
        float m24 = m[src + 24 * stride];
        float m25 = m[src + 25 * stride];
        float m26 = m[src + 26 * stride];
        float m27 = m[src + 27 * stride];
        float m28 = m[src + 28 * stride];
        float m29 = m[src + 29 * stride];
        float m30 = m[src + 30 * stride];
        float m31 = m[src + 31 * stride];
        float m32 = m[src + 32 * stride];
        float m33 = m[src + 33 * stride];
        float m34 = m[src + 34 * stride];
        float m35 = m[src + 35 * stride];
        float s00 = m0 + (m6 + m12) + (m18 + m24);
        float s10 = (m6 - m12) + 2 * (m18 - m24);
        float s20 = (m6 + m12) + 4 * (m18 + m24);
        float s30 = (m6 - m12) + 8 * (m18 - m24) + m30;
        float s01 = m1 + (m7 + m13) + (m19 + m25);
        float s11 = (m7 - m13) + 2 * (m19 - m25);
        float s21 = (m7 + m13) + 4 * (m19 + m25);
        float s31 = (m7 - m13) + 8 * (m19 - m25) + m31;
        float s02 = m2 + (m8 + m14) + (m20 + m26);
        float s12 = (m8 - m14) + 2 * (m20 - m26);
        float s22 = (m8 + m14) + 4 * (m20 + m26);
        float s32 = (m8 - m14) + 8 * (m20 - m26) + m32;
        float s03 = m3 + (m9 + m15) + (m21 + m27);
        float s13 = (m9 - m15) + 2 * (m21 - m27);
        float s23 = (m9 + m15) + 4 * (m21 + m27);
        float s33 = (m9 - m15) + 8 * (m21 - m27) + m33;
        float s04 = m4 + (m10 + m16) + (m22 + m28);
        float s14 = (m10 - m16) + 2 * (m22 - m28);
        float s24 = (m10 + m16) + 4 * (m22 + m28);
        float s34 = (m10 - m16) + 8 * (m22 - m28) + m34;
        float s05 = m5 + (m11 + m17) + (m23 + m29);
        float s15 = (m11 - m17) + 2 * (m23 - m29);
        float s25 = (m11 + m17) + 4 * (m23 + m29);
        float s35 = (m11 - m17) + 8 * (m23 - m29) + m35;
        res[0] = s00 + (s01 + s02) + (s03 + s04);
        res[1] = (s01 - s02) + 2 * (s03 - s04);
        res[2] = (s01 + s02) + 4 * (s03 + s04);
        res[3] = (s01 - s02) + 8 * (s03 - s04) + s05;
        res[4] = s10 + (s11 + s12) + (s13 + s14);
        res[5] = (s11 - s12) + 2 * (s13 - s14);
        res[6] = (s11 + s12) + 4 * (s13 + s14);
        res[7] = (s11 - s12) + 8 * (s13 - s14) + s15;
        res[8] = s20 + (s21 + s22) + (s23 + s24);
        res[9] = (s21 - s22) + 2 * (s23 - s24);
        res[10] = (s21 + s22) + 4 * (s23 + s24);
        res[11] = (s21 - s22) + 8 * (s23 - s24) + s25;
        res[12] = s30 + (s31 + s32) + (s33 + s34);
        res[13] = (s31 - s32) + 2 * (s33 - s34);
        res[14] = (s31 + s32) + 4 * (s33 + s34);
        res[15] = (s31 - s32) + 8 * (s33 - s34) + s35;
    }

    /** A dY Aᵀ of the 4×4 tile y[16] (row-major), written to m[dst + ξ·stride]: F(4×4, 3×3) unrolled. */
    static void outputGradientTile4(float[] y, float[] m, int dst, int stride) {
        float y0 = y[0];
        float y1 = y[1];
        float y2 = y[2];
        float y3 = y[3];
        float y4 = y[4];
        float y5 = y[5];
        float y6 = y[6];
        float y7 = y[7];
        float y8 = y[8];
        float y9 = y[9];
        float y10 = y[10];
        float y11 = y[11];
        float y12 = y[12];
        float y13 = y[13];
        float y14 = y[14];
        float y15 = y[15];
        float r00 = y0;
        float r10 = y0 + y4 + y8 + y12;
        float r20 = y0 - y4 + y8 - y12;
        float r30 = y0 + 2 * y4 + 4 * y8 + 8 * y12;
        float r40 = y0 - 2 * y4 + 4 * y8 - 8 * y12;
        float r50 = y12;
        float r01 = y1;
        float r11 = y1 + y5 + y9 + y13;
        float r21 = y1 - y5 + y9 - y13;
        float r31 = y1 + 2 * y5 + 4 * y9 + 8 * y13;
        float r41 = y1 - 2 * y5 + 4 * y9 - 8 * y13;
        float r51 = y13;
        float r02 = y2;
        float r12 = y2 + y6 + y10 + y14;
        float r22 = y2 - y6 + y10 - y14;
        float r32 = y2 + 2 * y6 + 4 * y10 + 8 * y14;
        float r42 = y2 - 2 * y6 + 4 * y10 - 8 * y14;
        float r52 = y14;
        float r03 = y3;
        float r13 = y3 + y7 + y11 + y15;
        float r23 = y3 - y7 + y11 - y15;
        float r33 = y3 + 2 * y7 + 4 * y11 + 8 * y15;
        float r43 = y3 - 2 * y7 + 4 * y11 - 8 * y15;
        float r53 = y15;
        m[dst] = r00;
        m[dst + stride] = r00 + r01 + r02 + r03;
        m[dst + 2 * stride] = r00 - r01 + r02 - r03;
        m[dst + 3 * stride] = r00 + 2 * r01 + 4 * r02 + 8 * r03;
        m[dst + 4 * stride] = r00 - 2 * r01 + 4 * r02 - 8 * r03;
        m[dst + 5 * stride] = r03;
        m[dst + 6 * stride] = r10;
        m[dst + 7 * stride] = r10 + r11 + r12 + r13;
        m[dst + 8 * stride] = r10 - r11 + r12 - r13;
        m[dst + 9 * stride] = r10 + 2 * r11 + 4 * r12 + 8 * r13;
        m[dst + 10 * stride] = r10 - 2 * r11 + 4 * r12 - 8 * r13;
        m[dst + 11 * stride] = r13;
        m[dst + 12 * stride] = r20;
        m[dst + 13 * stride] = r20 + r21 + r22 + r23;
        m[dst + 14 * stride] = r20 - r21 + r22 - r23;
        m[dst + 15 * stride] = r20 + 2 * r21 + 4 * r22 + 8 * r23;
        m[dst + 16 * stride] = r20 - 2 * r21 + 4 * r22 - 8 * r23;
        m[dst + 17 * stride] = r23;
        m[dst + 18 * stride] = r30;
        m[dst + 19 * stride] = r30 + r31 + r32 + r33;
        m[dst + 20 * stride] = r30 - r31 + r32 - r33;
        m[dst + 21 * stride] = r30 + 2 * r31 + 4 * r32 + 8 * r33;
        m[dst + 22 * stride] = r30 - 2 * r31 + 4 * r32 - 8 * r33;
        m[dst + 23 * stride] = r33;
        m[dst + 24 * stride] = r40;
        m[dst + 25 * stride] = r40 + r41 + r42 + r43;
        m[dst + 26 * stride] = r40 - r41 + r42 - r43;
        m[dst + 27 * stride] = r40 + 2 * r41 + 4 * r42 + 8 * r43;
        m[dst + 28 * stride] = r40 - 2 * r41 + 4 * r42 - 8 * r43;
        m[dst + 29 * stride] = r43;
        m[dst + 30 * stride] = r50;
        m[dst + 31 * stride] = r50 + r51 + r52 + r53;
        m[dst + 32 * stride] = r50 - r51 + r52 - r53;
        m[dst + 33 * stride] = r50 + 2 * r51 + 4 * r52 + 8 * r53;
        m[dst + 34 * stride] = r50 - 2 * r51 + 4 * r52 - 8 * r53;
        m[dst + 35 * stride] = r53;
    }
}
