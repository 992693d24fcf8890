/// A continuous scale from data values to pixels, with d3's nice domain and exact ticks.
struct LinearScale {
  var domain: (Double, Double)
  var range: (Double, Double)
  var ticks: [ExactDecimal]

  /// A scale over `values`; bars and areas pass `includeZero` so they start at zero.
  ///
  /// - Parameter nice: widen the domain to whole ticks, as value axes do; a time-like x axis
  ///   (years) keeps the data's own extent, so no blank stretch looks like missing data.
  init(
    values: [Double], range: (Double, Double), includeZero: Bool, tickSpacing: Double,
    nice: Bool = true
  ) {
    self.range = range
    let count = Double(Ticks.count(forLength: abs(range.1 - range.0), spacing: tickSpacing))
    let finite = values.filter(\.isFinite)
    if !nice, let low = finite.min(), let high = finite.max(), low < high {
      domain = (includeZero ? min(0, low) : low, includeZero ? max(0, high) : high)
    } else {
      domain = Ticks.domain(of: values, includeZero: includeZero, count: count)
    }
    ticks = Ticks.ticks(domain.0, domain.1, count: count)
    // Counts can't be fractional: a scale over whole numbers gets whole-number ticks only.
    if !finite.isEmpty && finite.allSatisfy({ $0 == $0.rounded() }) {
      ticks = ticks.filter { $0.value == $0.value.rounded() }
    }
  }

  func callAsFunction(_ value: Double) -> Double {
    let span = domain.1 - domain.0
    guard span != 0, value.isFinite else { return range.0 }
    return range.0 + (value - domain.0) / span * (range.1 - range.0)
  }

  /// The number of decimals the ticks need, so every label on the axis shows the same precision.
  var tickDecimals: Int { ticks.map(\.decimals).max() ?? 0 }
}
