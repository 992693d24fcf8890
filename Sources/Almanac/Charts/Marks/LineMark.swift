/// Lines through a series' points, in x order.
enum LineMark {
  static func draw(
    _ points: [(x: Double, y: Double)], series: Int, name: String?, svg: inout SVGWriter
  ) {
    let color = ColorScale.series(series)
    svg.element(
      "path",
      [
        ("class", .text("line \(color.className)")), ("d", .text(SVGWriter.path(points))),
        ("fill", .text("none")),
        ("stroke", .text(color.fill)), ("stroke-width", .number(2)),
        ("stroke-linejoin", .text("round")),
      ],
      tooltip: name)
  }
}
