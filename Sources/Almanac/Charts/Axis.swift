/// Axes: tick marks, gridlines and labels, which never overlap and are never rotated.
enum Axis {
  /// Light-theme colours written as attributes, for SVG shown outside the page (feeds, the
  /// docs); the page's CSS replaces them.
  static let gridColor = "#dedad2"
  static let axisColor = "#5b5750"

  struct Tick {
    var position: Double
    var label: (String, String?)
  }

  /// A value axis on the left with horizontal gridlines across the plot.
  static func left(_ ticks: [Tick], frame: PlotFrame, grid: Bool, svg: inout SVGWriter) {
    svg.open("g", [("class", .text("axis axis--y")), ("aria-hidden", .text("true"))])
    for tick in ticks {
      if grid {
        svg.element(
          "line",
          [
            ("class", .text("grid")), ("x1", .number(frame.x)), ("x2", .number(frame.maxX)),
            ("y1", .number(tick.position)), ("y2", .number(tick.position)),
            ("stroke", .text(gridColor)),
          ])
      }
      svg.element(
        "text",
        [
          ("x", .number(frame.x - ChartStyle.tickPadding)), ("y", .number(tick.position)),
          ("dy", .text("0.32em")),
          ("text-anchor", .text("end")),
        ], text: tick.label.0)
    }
    svg.close("g")
  }

  /// A horizontal axis under the plot, with vertical gridlines when `grid` is set. Labels are
  /// thinned, Vega-style, until none overlap.
  static func bottom(_ ticks: [Tick], frame: PlotFrame, grid: Bool, svg: inout SVGWriter) {
    // Thin by where each label really sits: labels at the edges are aligned inwards.
    let anchors = ticks.map { anchor(for: $0.position, in: frame, label: $0.label.0) }
    let kept = LabelPlacement.thin(
      zip(ticks, anchors).map { tick, anchor in
        let width = max(labelWidth(tick.label.0), labelWidth(tick.label.1 ?? ""))
        let shift = anchor == "start" ? width / 2 : anchor == "end" ? -width / 2 : 0
        return (center: tick.position + shift, width: width)
      },
      gap: ChartStyle.labelGap)
    svg.open("g", [("class", .text("axis axis--x")), ("aria-hidden", .text("true"))])
    svg.element(
      "line",
      [
        ("class", .text("domain")), ("x1", .number(frame.x)), ("x2", .number(frame.maxX)),
        ("y1", .number(frame.maxY)), ("y2", .number(frame.maxY)), ("stroke", .text(axisColor)),
      ])
    for (index, tick) in ticks.enumerated() {
      if grid {
        svg.element(
          "line",
          [
            ("class", .text("grid")), ("x1", .number(tick.position)),
            ("x2", .number(tick.position)),
            ("y1", .number(frame.y)), ("y2", .number(frame.maxY)), ("stroke", .text(gridColor)),
          ])
      }
      guard kept.contains(index) else { continue }
      svg.element(
        "line",
        [
          ("class", .text("tick")), ("x1", .number(tick.position)), ("x2", .number(tick.position)),
          ("y1", .number(frame.maxY)), ("y2", .number(frame.maxY + ChartStyle.tickSize)),
          ("stroke", .text(axisColor)),
        ])
      svg.text(
        tick.label,
        [
          ("x", .number(tick.position)),
          ("y", .number(frame.maxY + ChartStyle.tickSize + ChartStyle.tickPadding)),
          ("dy", .text("0.71em")),
          ("text-anchor", .text(anchors[index])),
        ],
        x: tick.position, lineHeight: ChartStyle.lineHeight)
    }
    svg.close("g")
  }

  /// Category names down the left of a horizontal chart, each centred on its band. Names wider
  /// than the margin are shortened with an ellipsis, keeping the full name as a tooltip.
  static func categories(_ names: [String], band: BandScale, frame: PlotFrame, svg: inout SVGWriter)
  {
    let available = frame.x - ChartStyle.tickPadding - 2
    svg.open("g", [("class", .text("axis axis--y")), ("aria-hidden", .text("true"))])
    for name in names {
      guard let center = band.center(of: name) else { continue }
      let shown = TextMetrics.truncated(name, toWidth: available, fontSize: ChartStyle.fontSize)
      svg.element(
        "text",
        [
          ("x", .number(frame.x - ChartStyle.tickPadding)), ("y", .number(center)),
          ("dy", .text("0.32em")),
          ("text-anchor", .text("end")),
        ], text: shown, tooltip: shown == name ? nil : name)
    }
    svg.close("g")
  }

  static func labelWidth(_ text: String) -> Double {
    TextMetrics.width(of: text, fontSize: ChartStyle.fontSize)
  }

  /// Labels at the plot's edges are aligned inwards so they stay inside the chart.
  private static func anchor(for position: Double, in frame: PlotFrame, label: String) -> String {
    let half = labelWidth(label) / 2
    if position - half < frame.x - 10 { return "start" }
    if position + half > frame.maxX + 10 { return "end" }
    return "middle"
  }
}
