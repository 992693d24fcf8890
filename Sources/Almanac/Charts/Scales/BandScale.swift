/// Evenly spaced bands for categories (d3's band scale), as bars and rows of dots use.
struct BandScale {
  var domain: [String]
  var range: (Double, Double)
  var paddingInner: Double
  var paddingOuter: Double

  /// The distance from one band's start to the next.
  var step: Double {
    (range.1 - range.0) / max(1, Double(domain.count) - paddingInner + 2 * paddingOuter)
  }

  var bandwidth: Double { step * (1 - paddingInner) }

  /// Where the band of `category` starts, or nil for a category not on the scale.
  func start(of category: String) -> Double? {
    guard let index = domain.firstIndex(of: category) else { return nil }
    let offset = (range.1 - range.0 - step * (Double(domain.count) - paddingInner)) / 2
    return range.0 + offset + Double(index) * step
  }

  func center(of category: String) -> Double? {
    start(of: category).map { $0 + bandwidth / 2 }
  }
}
