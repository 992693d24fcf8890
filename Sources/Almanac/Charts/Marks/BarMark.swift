/// Rectangles: bars, columns, stacked and grouped bars, histogram bins.
enum BarMark {
  struct Bar {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var series: Int
    var tooltip: String
  }

  static func draw(_ bars: [Bar], svg: inout SVGWriter) {
    svg.open("g", [("class", .text("marks bars"))])
    for bar in bars {
      let color = ColorScale.series(bar.series)
      svg.element(
        "rect",
        [
          ("class", .text(color.className)), ("x", .number(bar.x)), ("y", .number(bar.y)),
          ("width", .number(max(0, bar.width))), ("height", .number(max(0, bar.height))),
          ("fill", .text(color.fill)),
        ],
        tooltip: bar.tooltip)
    }
    svg.close("g")
  }
}
