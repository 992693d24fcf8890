/// A row of swatches naming each colour, used only when direct labels can't do the job.
enum Legend {
  static let swatch = 10.0
  static let itemGap = 16.0

  /// The height the legend needs at `width`, wrapping items onto new rows.
  static func height(for names: [String], width: Double) -> Double {
    Double(rows(for: names, width: width).count) * (ChartStyle.lineHeight + 4)
  }

  static func draw(
    _ names: [String], at origin: (x: Double, y: Double), width: Double, svg: inout SVGWriter
  ) {
    svg.open("g", [("class", .text("legend"))])
    for (rowIndex, row) in rows(for: names, width: width).enumerated() {
      var x = origin.x
      let y = origin.y + Double(rowIndex) * (ChartStyle.lineHeight + 4)
      for index in row {
        let color = ColorScale.series(index)
        svg.element(
          "rect",
          [
            ("class", .text(color.className)), ("x", .number(x)), ("y", .number(y + 2)),
            ("width", .number(swatch)),
            ("height", .number(swatch)), ("fill", .text(color.fill)),
          ])
        svg.element(
          "text", [("x", .number(x + swatch + 4)), ("y", .number(y + 7)), ("dy", .text("0.32em"))],
          text: names[index])
        x += swatch + 4 + Axis.labelWidth(names[index]) + itemGap
      }
    }
    svg.close("g")
  }

  /// Item indices per row, wrapped to `width`.
  private static func rows(for names: [String], width: Double) -> [[Int]] {
    var rows: [[Int]] = [[]]
    var used = 0.0
    for (index, name) in names.enumerated() {
      let itemWidth = swatch + 4 + Axis.labelWidth(name) + itemGap
      if used + itemWidth > width && !rows[rows.count - 1].isEmpty {
        rows.append([])
        used = 0
      }
      rows[rows.count - 1].append(index)
      used += itemWidth
    }
    return rows
  }
}
