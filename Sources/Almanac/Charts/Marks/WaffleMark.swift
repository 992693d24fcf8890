/// A ten-by-ten grid of squares, each one part in a hundred: "79 of every 100 people".
enum WaffleMark {
  static let side = 10

  /// Whole cells per category that add up to exactly 100, by largest remainder.
  static func cells(for values: [Double]) -> [Int] {
    let total = values.reduce(0, +)
    guard total > 0 else { return values.map { _ in 0 } }
    let exact = values.map { $0 / total * 100 }
    var cells = exact.map { Int($0.rounded(.down)) }
    let order = exact.indices.sorted {
      (exact[$0] - Double(cells[$0]), $1) > (exact[$1] - Double(cells[$1]), $0)
    }
    for index in order.prefix(100 - cells.reduce(0, +)) { cells[index] += 1 }
    return cells
  }

  static func draw(
    cells: [Int], names: [String], origin: (x: Double, y: Double), size: Double,
    svg: inout SVGWriter
  ) {
    let gap = max(1, size / 10 * 0.12)
    let cell = (size - gap * Double(side - 1)) / Double(side)
    svg.open("g", [("class", .text("marks waffle"))])
    var position = 0
    for (series, count) in cells.enumerated() {
      let color = ColorScale.series(series)
      for _ in 0..<count {
        let column = position % side
        let row = position / side
        position += 1
        svg.element(
          "rect",
          [
            ("class", .text(color.className)),
            ("x", .number(origin.x + Double(column) * (cell + gap))),
            ("y", .number(origin.y + Double(row) * (cell + gap))), ("width", .number(cell)),
            ("height", .number(cell)),
            ("fill", .text(color.fill)),
          ],
          tooltip: "\(names[series]): \(count) of 100")
      }
    }
    svg.close("g")
  }
}
