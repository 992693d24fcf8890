/// Direct labels: value labels at the end of bars and series names at the end of lines, drawn
/// with a halo in the background colour so they stay readable over gridlines.
enum TextMark {
  struct Label {
    var text: String
    var x: Double
    var y: Double
    var anchor = "start"
    var series: Int?
  }

  static func draw(_ labels: [Label], svg: inout SVGWriter) {
    guard !labels.isEmpty else { return }
    svg.open("g", [("class", .text("labels"))])
    for label in labels {
      var attributes: [(String, SVGWriter.Value)] = [
        (
          "class",
          .text(label.series.map { "halo label-\(ColorScale.series($0).className)" } ?? "halo")
        ),
        ("x", .number(label.x)), ("y", .number(label.y)), ("dy", .text("0.32em")),
      ]
      if label.anchor != "start" { attributes.append(("text-anchor", .text(label.anchor))) }
      svg.element("text", attributes, text: label.text)
    }
    svg.close("g")
  }
}
