package org.xnornet.quant;

/**
 * The four shapes of XNOR-Net++'s learned scale Γ for an output of o channels and h × w pixels
 * (paper §3.2, Eqs. 6–9).
 */
public enum GammaShape {
    /** Case 1: α ∈ R^o, one factor per output channel. */
    CASE_1(1),
    /** Case 2: Γ ∈ R^{o×h×w}, one factor per output value. */
    CASE_2(2),
    /** Case 3: α ⊗ β with α ∈ R^o and β ∈ R^{h×w}. */
    CASE_3(3),
    /** Case 4: α ⊗ β ⊗ γ with α ∈ R^o, β ∈ R^h, γ ∈ R^w. */
    CASE_4(4);

    private final int number;

    GammaShape(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Whether Γ depends on the output's spatial size, which it then fixes. */
    public boolean spatial() {
        return this != CASE_1;
    }

    /** Number of learned values for an output of {@code out} channels and {@code h × w} pixels. */
    public int parameterCount(int out, int h, int w) {
        switch (this) {
            case CASE_1:
                return out;
            case CASE_2:
                return out * h * w;
            case CASE_3:
                return out + h * w;
            default:
                return out + h + w;
        }
    }
}
