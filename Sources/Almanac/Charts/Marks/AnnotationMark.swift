/// Notes on a chart: a rule at one value, a shaded range between two, or text at a point.
enum AnnotationMark {
  struct Note {
    var kind: ChartSpec.Annotation.Kind
    /// Positions along the annotated axis (one for a rule or text, two for a range).
    var positions: [Double]
    var vertical: Bool
    var y: Double?
    var text: String?
  }

  static func draw(_ notes: [Note], frame: PlotFrame, svg: inout SVGWriter) {
    guard !notes.isEmpty else { return }
    var placed: [(x: Double, y: Double, width: Double, height: Double)] = []
    svg.open("g", [("class", .text("annotations"))])
    for note in notes {
      let first = note.positions.first ?? 0
      switch note.kind {
      case .range where note.positions.count == 2:
        let (low, high) = (min(first, note.positions[1]), max(first, note.positions[1]))
        if note.vertical {
          svg.element(
            "rect",
            [
              ("class", .text("range")), ("x", .number(low)), ("y", .number(frame.y)),
              ("width", .number(high - low)),
              ("height", .number(frame.height)), ("fill", .text(Axis.gridColor)),
              ("fill-opacity", .number(0.5)),
            ])
        } else {
          svg.element(
            "rect",
            [
              ("class", .text("range")), ("x", .number(frame.x)), ("y", .number(low)),
              ("width", .number(frame.width)),
              ("height", .number(high - low)), ("fill", .text(Axis.gridColor)),
              ("fill-opacity", .number(0.5)),
            ])
        }
        label(
          note.text, x: note.vertical ? low + 4 : frame.x + 4,
          y: note.vertical ? frame.y + 8 : low + 8, frame: frame, placed: &placed, svg: &svg)
      case .rule, .range:
        if note.vertical {
          svg.element(
            "line",
            [
              ("class", .text("rule")), ("x1", .number(first)), ("x2", .number(first)),
              ("y1", .number(frame.y)),
              ("y2", .number(frame.maxY)), ("stroke", .text(Axis.axisColor)),
            ])
        } else {
          svg.element(
            "line",
            [
              ("class", .text("rule")), ("x1", .number(frame.x)), ("x2", .number(frame.maxX)),
              ("y1", .number(first)),
              ("y2", .number(first)), ("stroke", .text(Axis.axisColor)),
            ])
        }
        label(
          note.text, x: note.vertical ? first + 4 : frame.x + 4,
          y: note.vertical ? frame.y + 8 : first - 8, frame: frame, placed: &placed, svg: &svg)
      case .text:
        label(
          note.text, x: first, y: note.y ?? frame.y + 8, frame: frame, placed: &placed, svg: &svg)
      }
    }
    svg.close("g")
  }

  /// A note's text, kept inside the plot: it is moved left of its anchor when it would run off,
  /// and down a line at a time while it would cover a note already placed.
  private static func label(
    _ text: String?, x: Double, y: Double, frame: PlotFrame,
    placed: inout [(x: Double, y: Double, width: Double, height: Double)], svg: inout SVGWriter
  ) {
    guard let text else { return }
    let width = Axis.labelWidth(text)
    let fitsRight = x + width <= frame.maxX
    let anchorX = fitsRight ? x : max(frame.x + width, x - 8)
    let left = fitsRight ? anchorX : anchorX - width
    var y = y
    while placed.contains(where: {
      LabelPlacement.overlaps(
        $0, (x: left, y: y - ChartStyle.lineHeight / 2, width: width, height: ChartStyle.lineHeight)
      )
    }), y + ChartStyle.lineHeight < frame.maxY {
      y += ChartStyle.lineHeight
    }
    placed.append(
      (x: left, y: y - ChartStyle.lineHeight / 2, width: width, height: ChartStyle.lineHeight))
    svg.element(
      "text",
      [
        ("class", .text("note halo")), ("x", .number(anchorX)), ("y", .number(y)),
        ("dy", .text("0.32em")),
        ("text-anchor", .text(fitsRight ? "start" : "end")),
      ], text: text)
  }
}
