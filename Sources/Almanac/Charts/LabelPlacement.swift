import Foundation

/// Label collision handling for charts that never rotate text: thinning axis labels the way
/// Vega's `labelOverlap` does, and spreading direct labels (line ends) with an exact 1-D solver.
enum LabelPlacement {
  /// Vega-style thinning: given label intervals along an axis (centre, width) in order, return
  /// the indices to keep so that no two kept labels are closer than `gap` px: first try "parity"
  /// (keep every 2nd, then 4th, …, always keeping the first), as Vega does.
  ///
  /// Labels must be in axis order, in either direction. Where Vega stops thinning at two labels
  /// even if they still collide, this keeps only the first then, so the result never overlaps.
  /// Like Vega, when thinning has dropped the last label and at most two remain, the last label
  /// replaces the second (so the axis shows both ends) — here only if it doesn't collide.
  static func thin(_ labels: [(center: Double, width: Double)], gap: Double) -> [Int] {
    var kept = Array(labels.indices)
    guard labels.count >= 2, hasOverlap(kept, labels, gap: gap) else { return kept }
    while kept.count >= 3, hasOverlap(kept, labels, gap: gap) {
      kept = kept.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
    }
    if kept.count == 2, hasOverlap(kept, labels, gap: gap) { kept = [kept[0]] }
    if kept.count < 3, let last = labels.indices.last, kept.last != last {
      let candidate = [kept[0], last]
      if !hasOverlap(candidate, labels, gap: gap) { kept = candidate }
    }
    return kept
  }

  /// Vega's "greedy" strategy: one pass keeping each label that clears the last kept one. It
  /// keeps more labels than parity when widths vary, at the cost of uneven spacing.
  static func thinGreedy(_ labels: [(center: Double, width: Double)], gap: Double) -> [Int] {
    var kept: [Int] = []
    for index in labels.indices {
      if let previous = kept.last,
        collide(labels[previous], labels[index], gap: gap)
      {
        continue
      }
      kept.append(index)
    }
    return kept
  }

  /// Whether two labels along one axis are less than `gap` px apart (Vega's test: a pair is
  /// fine when the space between them is at least the separation).
  static func collide(
    _ a: (center: Double, width: Double), _ b: (center: Double, width: Double), gap: Double
  ) -> Bool {
    let (aLow, aHigh) = (a.center - a.width / 2, a.center + a.width / 2)
    let (bLow, bHigh) = (b.center - b.width / 2, b.center + b.width / 2)
    return max(bLow - aHigh, aLow - bHigh) < gap
  }

  /// Whether any neighbours among the kept labels collide; for labels in axis order (and a
  /// positive gap) clear neighbours imply every pair is clear.
  private static func hasOverlap(
    _ kept: [Int], _ labels: [(center: Double, width: Double)], gap: Double
  ) -> Bool {
    zip(kept, kept.dropFirst()).contains { collide(labels[$0], labels[$1], gap: gap) }
  }

  /// Whether `count` labels `spacing` apart fit between `lower` and `upper`; when they don't,
  /// the chart should fall back to a legend rather than squeeze direct labels.
  static func fits(count: Int, spacing: Double, lower: Double, upper: Double) -> Bool {
    Double(max(0, count - 1)) * spacing <= upper - lower
  }

  /// Spread desired 1-D positions (e.g. line end labels' y) so neighbours are at least `spacing`
  /// apart, staying within [lower, upper], moving labels as little as possible in the
  /// least-squares sense (isotonic regression / pool-adjacent-violators on positions minus
  /// cumulative spacing). Returns positions in the input order.
  ///
  /// Labels keep the order of their desired positions (ties keep input order), so a label never
  /// jumps over its neighbour and away from its line. Clamping the pooled solution to the
  /// uniform bounds keeps it optimal. When the labels can't fit (`fits` is false) they are
  /// spaced evenly from `lower` to `upper` instead, keeping order and bounds but not spacing.
  /// Non-finite desired positions are treated as `lower`.
  static func spread(
    _ desired: [Double], spacing: Double, lower: Double, upper: Double
  ) -> [Double] {
    let count = desired.count
    guard count > 0 else { return [] }
    let wanted = desired.map { $0.isFinite ? $0 : lower }
    let order = wanted.indices.sorted { (wanted[$0], $0) < (wanted[$1], $1) }
    var result = [Double](repeating: 0, count: count)
    guard fits(count: count, spacing: spacing, lower: lower, upper: upper) else {
      let step = count > 1 ? (upper - lower) / Double(count - 1) : 0
      for (rank, index) in order.enumerated() {
        result[index] = count > 1 ? lower + Double(rank) * step : (lower + upper) / 2
      }
      return result
    }
    // Pool adjacent violators on t[i] = d[i] − i·spacing, keeping (sum, count) per block.
    var blocks: [(sum: Double, count: Int)] = []
    for (rank, index) in order.enumerated() {
      blocks.append((wanted[index] - Double(rank) * spacing, 1))
      while blocks.count >= 2 {
        let last = blocks[blocks.count - 1]
        let previous = blocks[blocks.count - 2]
        guard previous.sum / Double(previous.count) > last.sum / Double(last.count) else { break }
        blocks.removeLast(2)
        blocks.append((previous.sum + last.sum, previous.count + last.count))
      }
    }
    let highest = upper - Double(count - 1) * spacing
    var rank = 0
    for block in blocks {
      let mean = min(highest, max(lower, block.sum / Double(block.count)))
      for _ in 0..<block.count {
        result[order[rank]] = mean + Double(rank) * spacing
        rank += 1
      }
    }
    return result
  }

  /// A label's box: its top-left corner and size.
  typealias Box = (x: Double, y: Double, width: Double, height: Double)

  /// Whether two label boxes overlap, for tests and collision checks. Boxes that only touch
  /// along an edge don't overlap.
  static func overlaps(_ a: Box, _ b: Box) -> Bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
  }
}
