/// Circles: dot plots and scatter plots.
enum DotMark {
  struct Dot {
    var x: Double
    var y: Double
    /// The series colour, or a sequential step's class and fill.
    var color: (className: String, fill: String)
    var tooltip: String
  }

  static let radius = 4.5

  static func draw(_ dots: [Dot], svg: inout SVGWriter) {
    svg.open("g", [("class", .text("marks dots"))])
    for dot in dots {
      svg.element(
        "circle",
        [
          ("class", .text(dot.color.className)), ("cx", .number(dot.x)), ("cy", .number(dot.y)),
          ("r", .number(radius)),
          ("fill", .text(dot.color.fill)),
        ],
        tooltip: dot.tooltip)
    }
    svg.close("g")
  }
}
