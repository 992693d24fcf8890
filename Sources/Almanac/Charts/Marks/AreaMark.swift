/// A filled band between a series' line and its baseline (zero, or the series below it).
enum AreaMark {
  static func draw(
    top: [(x: Double, y: Double)], bottom: [(x: Double, y: Double)], series: Int, name: String?,
    svg: inout SVGWriter
  ) {
    let color = ColorScale.series(series)
    svg.element(
      "path",
      [
        ("class", .text("area \(color.className)")),
        ("d", .text(SVGWriter.path(top + bottom.reversed(), closed: true))),
        ("fill", .text(color.fill)), ("fill-opacity", .number(0.85)),
      ],
      tooltip: name)
  }
}
