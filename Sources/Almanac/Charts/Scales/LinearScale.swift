/// A continuous scale from data values to pixels, with d3's nice domain and exact ticks.
struct LinearScale {
  var domain: (Double, Double)
  var range: (Double, Double)
  var ticks: [ExactDecimal]

  /// A niced scale over `values`; bars and areas pass `includeZero` so they start at zero.
  init(values: [Double], range: (Double, Double), includeZero: Bool, tickSpacing: Double) {
    self.range = range
    let count = Double(Ticks.count(forLength: abs(range.1 - range.0), spacing: tickSpacing))
    domain = Ticks.domain(of: values, includeZero: includeZero, count: count)
    ticks = Ticks.ticks(domain.0, domain.1, count: count)
  }

  func callAsFunction(_ value: Double) -> Double {
    let span = domain.1 - domain.0
    guard span != 0, value.isFinite else { return range.0 }
    return range.0 + (value - domain.0) / span * (range.1 - range.0)
  }

  /// The number of decimals the ticks need, so every label on the axis shows the same precision.
  var tickDecimals: Int { ticks.map(\.decimals).max() ?? 0 }
}
