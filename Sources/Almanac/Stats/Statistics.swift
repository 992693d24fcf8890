/// The arithmetic behind Almanac's SQL aggregates, kept apart from SQLite so it can be tested
/// on its own.
enum Statistics {
  /// The `p`th percentile (0–100) by linear interpolation between closest ranks; nil when empty.
  static func percentile(_ values: [Double], _ p: Double) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let rank = p / 100 * Double(sorted.count - 1)
    let lower = Int(rank.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    let fraction = rank - Double(lower)
    return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
  }

  /// The sample variance (divided by n − 1), computed with Welford's method so large values
  /// don't lose precision; nil for fewer than two values.
  static func sampleVariance(_ values: [Double]) -> Double? {
    guard values.count >= 2 else { return nil }
    var mean = 0.0
    var sumOfSquares = 0.0
    for (index, value) in values.enumerated() {
      let delta = value - mean
      mean += delta / Double(index + 1)
      sumOfSquares += delta * (value - mean)
    }
    return sumOfSquares / Double(values.count - 1)
  }
}
