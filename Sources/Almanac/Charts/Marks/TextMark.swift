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

  /// The labels, or none when any two would overlap: a crowded set of value labels helps no
  /// one, and the values stay in the tooltips and the data table.
  static func withoutCollisions(_ labels: [Label]) -> [Label] {
    let boxes = labels.map { label -> LabelPlacement.Box in
      let width = TextMetrics.width(of: label.text, fontSize: ChartStyle.fontSize)
      let left =
        label.anchor == "middle"
        ? label.x - width / 2 : label.anchor == "end" ? label.x - width : label.x
      return (left, label.y - ChartStyle.lineHeight / 2, width + 2, ChartStyle.lineHeight)
    }
    for (index, box) in boxes.enumerated()
    where boxes[(index + 1)...].contains(where: { LabelPlacement.overlaps(box, $0) }) {
      return []
    }
    return labels
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
