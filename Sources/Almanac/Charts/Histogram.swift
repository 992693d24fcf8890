/// Bins for histograms: counts of values between nice, evenly spaced edges.
struct Histogram {
  /// One point per bin: its lower edge as x and its count (or summed weight) as y.
  var points: [ChartData.Point]
  var edges: [Double]

  init(points raw: [ChartData.Point]) {
    let values = raw.compactMap(\.x.number).filter(\.isFinite)
    // Sturges' rule for the number of bins, then nice edges.
    let count = Double(
      Int((Double(max(values.count, 1))).squareRoot().rounded(.up)).clamped(to: 5...30))
    let low = values.min() ?? 0
    let high = values.max() ?? 1
    let (start, stop) = Ticks.nice(low, high == low ? low + 1 : high, count: count)
    var edges = Ticks.ticks(start, stop, count: count).map(\.value)
    if edges.count < 2 { edges = [start, stop] }
    self.edges = edges
    var totals = Array(repeating: 0.0, count: edges.count - 1)
    for point in raw {
      guard let value = point.x.number, let bin = Self.bin(of: value, in: edges) else { continue }
      totals[bin] += point.y.number ?? 1
    }
    points = totals.enumerated().map { index, total in
      ChartData.Point(x: .number(edges[index]), y: .number(total), row: [])
    }
  }

  /// The index of the bin holding `value`; the last bin includes its upper edge.
  static func bin(of value: Double, in edges: [Double]) -> Int? {
    guard let first = edges.first, let last = edges.last, value >= first, value <= last else {
      return nil
    }
    return min(edges.count - 2, (edges.lastIndex { $0 <= value } ?? 0))
  }

  /// The edges of the bin that starts at `low`.
  static func edges(containing low: Double, in edges: [Double]) -> (Double, Double)? {
    guard let index = edges.firstIndex(where: { abs($0 - low) < 1e-9 * max(1, abs(low)) }),
      index + 1 < edges.count
    else { return nil }
    return (edges[index], edges[index + 1])
  }
}

extension Comparable {
  func clamped(to range: ClosedRange<Self>) -> Self {
    min(max(self, range.lowerBound), range.upperBound)
  }
}
