/// Notes on a chart: a rule at one value, a shaded range between two, or text at a point.
///
/// Ranges are drawn beneath the data, rules above it, and all labels last, each placed clear
/// of the rules and of the labels before it, so no line or note covers another note.
enum AnnotationMark {
  struct Note {
    var kind: ChartSpec.Annotation.Kind
    /// Positions along the annotated axis (one for a rule or text, two for a range).
    var positions: [Double]
    var vertical: Bool
    var y: Double?
    var text: String?
  }

  /// Shaded ranges, drawn before the marks so the data shows on top of them.
  static func drawBackground(_ notes: [Note], frame: PlotFrame, svg: inout SVGWriter) {
    let ranges = notes.filter { $0.kind == .range && $0.positions.count == 2 }
    guard !ranges.isEmpty else { return }
    svg.open("g", [("class", .text("annotations annotations--below"))])
    for note in ranges {
      let (low, high) = (
        min(note.positions[0], note.positions[1]), max(note.positions[0], note.positions[1])
      )
      let box: LabelPlacement.Box =
        note.vertical
        ? (low, frame.y, high - low, frame.height) : (frame.x, low, frame.width, high - low)
      svg.element(
        "rect",
        [
          ("class", .text("range")), ("x", .number(box.x)), ("y", .number(box.y)),
          ("width", .number(box.width)),
          ("height", .number(box.height)), ("fill", .text(Axis.gridColor)),
          ("fill-opacity", .number(0.5)),
        ])
    }
    svg.close("g")
  }

  /// Rules and every note's text, drawn after the marks.
  static func drawForeground(_ notes: [Note], frame: PlotFrame, svg: inout SVGWriter) {
    guard !notes.isEmpty else { return }
    var obstacles: [LabelPlacement.Box] = []
    svg.open("g", [("class", .text("annotations"))])
    for note in notes where note.kind == .rule {
      let position = note.positions.first ?? 0
      let line: (Double, Double, Double, Double) =
        note.vertical
        ? (position, position, frame.y, frame.maxY) : (frame.x, frame.maxX, position, position)
      svg.element(
        "line",
        [
          ("class", .text("rule")), ("x1", .number(line.0)), ("x2", .number(line.1)),
          ("y1", .number(line.2)),
          ("y2", .number(line.3)), ("stroke", .text(Axis.axisColor)),
        ])
      obstacles.append(
        note.vertical
          ? (position - 1, frame.y, 2, frame.height) : (frame.x, position - 1, frame.width, 2))
    }
    for note in notes {
      guard let text = note.text else { continue }
      let first = note.positions.first ?? 0
      let anchor: (x: Double, y: Double)
      switch note.kind {
      case .text: anchor = (first, note.y ?? frame.y + 8)
      case .range where note.positions.count == 2 && note.vertical:
        anchor = (min(first, note.positions[1]) + 4, frame.y + 8)
      case .range where note.positions.count == 2:
        anchor = (frame.x + 4, min(first, note.positions[1]) + 8)
      default: anchor = note.vertical ? (first + 4, frame.y + 8) : (frame.x + 4, first - 8)
      }
      label(text, at: anchor, frame: frame, obstacles: &obstacles, svg: &svg)
    }
    svg.close("g")
  }

  /// A note's text, kept inside the plot: it moves left of its anchor when it would run off the
  /// right, and down a line at a time while it would cross a rule or an earlier note.
  private static func label(
    _ text: String, at anchor: (x: Double, y: Double), frame: PlotFrame,
    obstacles: inout [LabelPlacement.Box],
    svg: inout SVGWriter
  ) {
    let width = Axis.labelWidth(text)
    var x = anchor.x
    var y = anchor.y
    var endAnchored = false
    if x + width > frame.maxX {
      x = max(frame.x + width, anchor.x - 8)
      endAnchored = true
    }
    func box(_ y: Double) -> LabelPlacement.Box {
      (endAnchored ? x - width : x, y - ChartStyle.lineHeight / 2, width, ChartStyle.lineHeight)
    }
    while obstacles.contains(where: { LabelPlacement.overlaps($0, box(y)) }),
      y + ChartStyle.lineHeight < frame.maxY
    {
      y += ChartStyle.lineHeight
    }
    obstacles.append(box(y))
    var attributes: [(String, SVGWriter.Value)] = [
      ("class", .text("note halo")), ("x", .number(x)), ("y", .number(y)), ("dy", .text("0.32em")),
    ]
    if endAnchored { attributes.append(("text-anchor", .text("end"))) }
    svg.element("text", attributes, text: text)
  }
}
