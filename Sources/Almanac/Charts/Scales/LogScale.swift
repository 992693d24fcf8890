import Foundation

/// A base-10 logarithmic scale for data that spans orders of magnitude. Its domain is widened
/// to whole powers of ten; values must be positive.
struct LogScale {
  var domain: (Double, Double)
  var range: (Double, Double)
  var ticks: [Double]

  init(values: [Double], range: (Double, Double), tickSpacing: Double) {
    self.range = range
    let positive = values.filter { $0 > 0 && $0.isFinite }
    let low = positive.min() ?? 1
    let high = positive.max() ?? 10
    domain = (
      pow(10, log10(low).rounded(.down)),
      pow(10, max(log10(high).rounded(.up), log10(low).rounded(.down) + 1))
    )
    let count = Ticks.count(forLength: abs(range.1 - range.0), spacing: tickSpacing)
    ticks = LogTicks.ticks(domain.0, domain.1, count: count)
  }

  func callAsFunction(_ value: Double) -> Double {
    guard value > 0 else { return range.0 }
    let fraction = (log10(value) - log10(domain.0)) / (log10(domain.1) - log10(domain.0))
    return range.0 + fraction * (range.1 - range.0)
  }
}
