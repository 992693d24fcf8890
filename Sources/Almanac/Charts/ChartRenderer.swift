import Foundation

/// Turns a chart block and its rows into the accessible figure the page shows: a title, two
/// SVG variants (wide and narrow, switched by CSS), the source line, and the plotted values as a
/// table in `<details>`.
enum ChartRenderer {
  /// - Parameters:
  ///   - titleHTML: the title with any inline values rendered; the spec's title, escaped, when nil.
  ///   - titleLevel: the title's heading level (2–6): one below the heading the chart sits under.
  static func html(
    _ spec: ChartSpec, titleHTML: String? = nil, titleLevel: Int = 3,
    rows result: SQLiteDatabase.Result,
    provenance: String,
    diagnostics: inout [Diagnostic]
  ) -> String? {
    var spec = spec
    if let titleHTML { spec.title = Escape.textContent(ofHTML: titleHTML) }
    guard let data = ChartData.bind(result, spec: spec, diagnostics: &diagnostics) else {
      return nil
    }
    let problems = CartesianChart.annotationProblems(spec, data: data)
    for (value, location) in problems { diagnostics.append(.badAnnotation(value, at: location)) }
    guard problems.isEmpty else { return nil }

    var figure =
      "<figure class=\"chart chart--\(spec.kind.rawValue)\" id=\"\(Escape.html(spec.id))\">\n"
    let heading = "h\(min(max(titleLevel, 2), 6))"
    figure +=
      "<figcaption class=\"chart__head\"><\(heading) class=\"chart__title\">\(titleHTML ?? Escape.html(spec.title))</\(heading)></figcaption>\n"
    figure += "<div class=\"chart__body\">\n"
    var formats: ChartFormats?
    for variant in ChartStyle.Variant.allCases {
      let drawing =
        spec.kind.hasAxes
        ? CartesianChart(spec: spec, data: data).draw(variant)
        : PartToWholeChart(spec: spec, data: data).draw(variant)
      formats = formats ?? drawing.formats
      figure += svg(
        drawing, variant: variant, spec: spec,
        description: description(spec, data: data, formats: drawing.formats))
    }
    figure += "</div>\n"
    let sourceLine = spec.source.map { $0 == "auto" ? provenance : Escape.html($0) } ?? provenance
    if !sourceLine.isEmpty { figure += "<p class=\"source\">\(sourceLine)</p>\n" }
    figure += table(spec, data: data, columns: result.columns)
    return figure + "</figure>"
  }

  private static func svg(
    _ drawing: CartesianChart.Drawing, variant: ChartStyle.Variant, spec: ChartSpec,
    description: String
  ) -> String {
    let prefix = "\(spec.id)-\(variant.rawValue)"
    var svg = SVGWriter()
    svg.open(
      "svg",
      [
        ("class", .text("chart__svg chart__svg--\(variant.rawValue)")),
        ("xmlns", .text("http://www.w3.org/2000/svg")),
        (
          "viewBox",
          .text("0 0 \(SVGWriter.number(drawing.width)) \(SVGWriter.number(drawing.height))")
        ),
        ("width", .number(drawing.width)), ("height", .number(drawing.height)),
        ("role", .text("img")),
        ("aria-labelledby", .text("\(prefix)-title \(prefix)-desc")),
        ("font-family", .text(ChartStyle.fontFamily)),
        ("font-size", .number(ChartStyle.fontSize)), ("fill", .text("currentColor")),
      ])
    svg.element("title", [("id", .text("\(prefix)-title"))], text: spec.title)
    svg.element("desc", [("id", .text("\(prefix)-desc"))], text: description)
    svg.append(drawing.svg)
    svg.close("svg")
    return svg.output
  }

  /// The author's description followed by facts read from the data, as a screen reader needs
  /// them: the kind of chart, what is plotted, and the extremes.
  static func description(_ spec: ChartSpec, data: ChartData, formats: ChartFormats) -> String {
    var facts = [spec.kind.phrase + "."]
    let valued = data.points.compactMap { point -> (label: String, value: Double)? in
      let (position, value) =
        spec.kind.isHorizontal ? (point.y, point.x.number) : (point.x, point.y.number)
      guard let value else { return nil }
      let label = [point.series, point.facet, formats.text(of: position)].compactMap { $0 }.joined(
        separator: ", ")
      return (label, value)
    }
    if let first = data.points.first?.x.date, let last = data.points.compactMap(\.x.date).max() {
      facts.append(
        "From \(ValueText.dateDefault.format(min(first, data.points.compactMap(\.x.date).min() ?? first))) to \(ValueText.dateDefault.format(last))."
      )
    }
    if !data.series.isEmpty { facts.append("Series: \(data.series.joined(separator: ", ")).") }
    if !data.facets.isEmpty {
      facts.append("One panel each for \(data.facets.joined(separator: ", ")).")
    }
    if let low = valued.min(by: { $0.value < $1.value }),
      let high = valued.max(by: { $0.value < $1.value }), valued.count > 1
    {
      facts.append(
        "Lowest: \(low.label), \(formats.value(low.value)). Highest: \(high.label), \(formats.value(high.value))."
      )
    }
    return ([trimmed(spec.description)] + facts).joined(separator: " ")
  }

  /// `text` without the white space and newlines around it, as Foundation's
  /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives it. ASCII white space (a folded
  /// YAML description's final newline) is trimmed here; only text that starts or ends with some
  /// other non-ASCII character is left to Foundation.
  private static func trimmed(_ text: String) -> String {
    let bytes = text.utf8
    let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || (0x09...0x0D).contains($0) }
    guard let first = bytes.firstIndex(where: { !isSpace($0) }),
      let last = bytes.lastIndex(where: { !isSpace($0) })
    else { return "" }
    guard (0x21...0x7E).contains(bytes[first]), (0x21...0x7E).contains(bytes[last]) else {
      return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return String(text[first...last])
  }

  /// The plotted rows as an HTML table, for readers who can't see the chart.
  private static func table(_ spec: ChartSpec, data: ChartData, columns: [String]) -> String {
    let encodings = [
      spec.facet, spec.kind.isHorizontal ? spec.y : spec.x, spec.color,
      spec.kind.isHorizontal ? spec.x : spec.y,
    ]
    .compactMap { $0 }
    var shown: [(index: Int, encoding: ChartSpec.Encoding)] = []
    for encoding in encodings where !shown.contains(where: { $0.encoding.field == encoding.field })
    {
      if let index = columns.firstIndex(of: encoding.field) { shown.append((index, encoding)) }
    }
    var html = "<details class=\"chart__data\"><summary>Data for this chart</summary>\n<table>\n"
    html += "<caption>\(Escape.html(spec.title))</caption>\n<thead>\n<tr>"
    for column in shown {
      html +=
        "<th scope=\"col\">\(Escape.html(column.encoding.title ?? column.encoding.field))</th>"
    }
    html += "</tr>\n</thead>\n<tbody>\n"
    for point in data.points where !point.row.isEmpty {
      html += "<tr>"
      for (position, column) in shown.enumerated() {
        let value = point.row[column.index]
        let text =
          (try? ValueText.formatted(value, as: column.encoding.format)) ?? ValueText.plain(value)
        let (tag, end) =
          position == 0
          ? ("th scope=\"row\"", "th") : (value.number != nil ? "td class=\"num\"" : "td", "td")
        html += "<\(tag)>\(Escape.html(text))</\(end)>"
      }
      html += "</tr>\n"
    }
    return html + "</tbody>\n</table>\n</details>\n"
  }
}
