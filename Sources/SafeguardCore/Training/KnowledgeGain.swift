import Foundation

/// What a cohort learned: each participant's score before and after (as shares of the questions
/// answered correctly), the means, the mean paired difference with its 95 % confidence interval
/// (Student's t, since cohorts are small), and the share who improved.
public enum KnowledgeGain {
    public struct Summary: Codable, Equatable, Sendable {
        public var pairs: Int
        public var meanPre: Double
        public var meanPost: Double
        public var meanDifference: Double
        /// Nil with fewer than two pairs: no interval can be given.
        public var lower: Double?
        public var upper: Double?
        public var shareImproved: Double
    }

    /// Nil when nobody took both tests.
    public static func summarise(_ pairs: [(pre: Double, post: Double)]) -> Summary? {
        guard !pairs.isEmpty else { return nil }
        let n = Double(pairs.count)
        let differences = pairs.map { $0.post - $0.pre }
        let mean = differences.reduce(0, +) / n
        var lower: Double?, upper: Double?
        if pairs.count >= 2 {
            let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            let margin = tQuantile975(degreesOfFreedom: pairs.count - 1) * (variance / n).squareRoot()
            (lower, upper) = (mean - margin, mean + margin)
        }
        return Summary(pairs: pairs.count, meanPre: pairs.reduce(0) { $0 + $1.pre } / n, meanPost: pairs.reduce(0) { $0 + $1.post } / n,
                       meanDifference: mean, lower: lower, upper: upper, shareImproved: Double(differences.filter { $0 > 0 }.count) / n)
    }

    /// The 0.975 quantile of Student's t: tabulated to 30 degrees of freedom, then the Cornish-Fisher
    /// expansion around the normal quantile (error below 0.001 from 30 on).
    public static func tQuantile975(degreesOfFreedom df: Int) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                               2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
        if df >= 1 && df <= table.count { return table[df - 1] }
        let z = 1.959964, v = Double(max(df, 1))
        let z3 = z * z * z, z5 = z3 * z * z
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
    }
}
