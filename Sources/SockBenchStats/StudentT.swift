import Foundation

/// Student's t distribution, as much of it as the intervals need.
public enum StudentT {
    /// The 97.5% quantile (two-sided 95%): exact for 1 and 2 degrees of freedom, else the
    /// Cornish–Fisher expansion to 1/ν⁴ around the normal quantile (within 0.12% at ν = 3 and
    /// 0.03% from ν = 4 on). Zero degrees of freedom have no quantile: infinity.
    public static func quantile975(degreesOfFreedom nu: Int) -> Double {
        switch nu {
        case ..<1: return .infinity
        case 1: return tan(Double.pi * 0.475)
        case 2: return 0.95 * (2 / (4 * 0.975 * 0.025)).squareRoot()
        default:
            let z = 1.959963984540054, v = Double(nu)
            let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z
            let g1 = (z3 + z) / 4
            let g2 = (5 * z5 + 16 * z3 + 3 * z) / 96
            let g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384
            let g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160
            return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v)
        }
    }
}
