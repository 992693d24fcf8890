import Foundation

@testable import Almanac

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Checks a chart's SVG the way a careful reviewer would, without a browser: well-formed XML,
/// an accessible name, unique ids, finite numbers with at most two decimals, and geometry inside
/// the viewBox (after group translations).
struct ChartLint {
  var problems: [String] = []
  var ids: [String] = []
  var texts: [(x: Double, y: Double, anchor: String, text: String, isAxis: Bool)] = []

  static func check(_ svg: String) -> ChartLint {
    let collector = Collector()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = collector
    if !parser.parse()
      && !collector.lint.problems.contains(where: { $0.hasPrefix("not well-formed XML") })
    {
      collector.lint.problems.append(
        "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
    }
    var lint = collector.lint
    if !collector.sawTitle || !collector.sawDesc {
      lint.problems.append("missing <title> or <desc>")
    }
    for id in collector.labelledBy where !lint.ids.contains(id) {
      lint.problems.append("aria-labelledby points to missing id \(id)")
    }
    if collector.descriptionLength < 40 {
      lint.problems.append("<desc> is shorter than 40 characters")
    }
    // Axis labels on one line (the x axis) must not overlap, by the layout's own metrics.
    let rows = Dictionary(grouping: lint.texts.filter(\.isAxis), by: \.y).values
    for row in rows where row.count > 1 {
      let boxes = row.map { text -> (left: Double, right: Double, text: String) in
        let line = String(text.text.split(separator: "\n").max { $0.count < $1.count } ?? "")
        let extent = TextMetrics.width(of: line, fontSize: 12)
        let left =
          text.anchor == "middle"
          ? text.x - extent / 2 : text.anchor == "end" ? text.x - extent : text.x
        return (left, left + extent, text.text)
      }.sorted { $0.left < $1.left }
      for (left, right) in zip(boxes, boxes.dropFirst()) where right.left < left.right - 0.5 {
        lint.problems.append("axis labels \"\(left.text)\" and \"\(right.text)\" overlap")
      }
    }
    let duplicates = Dictionary(grouping: lint.ids, by: { $0 }).filter { $0.value.count > 1 }.keys
    for id in duplicates { lint.problems.append("duplicate id \(id)") }
    return lint
  }

  /// Every `<svg …>…</svg>` in a page.
  static func svgs(in html: String) -> [String] {
    html.matches(of: #/<svg [\s\S]*?</svg>/#).map { String($0.output) }
  }

  private final class Collector: NSObject, XMLParserDelegate {
    var lint = ChartLint()
    var viewBox: (width: Double, height: Double)?
    var offsets: [(Double, Double)] = [(0, 0)]
    var labelledBy: [String] = []
    var sawTitle = false
    var sawDesc = false
    var inDesc = false
    var descriptionLength = 0
    var inText: (x: Double, y: Double, anchor: String, isAxis: Bool)?
    var axisDepth = 0
    var textBuffer = ""
    /// Inside a `<title>`, whose text is a tooltip, not a label on the chart.
    var inTitle = false

    func parser(
      _ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
      qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      if let id = attributes["id"] { lint.ids.append(id) }
      for (name, value) in attributes {
        if name.hasPrefix("on") { lint.problems.append("event attribute \(name)") }
        if value.contains("NaN") || value.contains("Infinity")
          || value.lowercased().contains("javascript:")
        {
          lint.problems.append("bad value in \(name): \(value)")
        }
      }
      switch element {
      case "svg":
        let parts = (attributes["viewBox"] ?? "").split(separator: " ").compactMap { Double($0) }
        if parts.count == 4 {
          viewBox = (parts[2], parts[3])
        } else {
          lint.problems.append("missing viewBox")
        }
        if attributes["role"] != "img" { lint.problems.append("svg without role=img") }
        labelledBy = (attributes["aria-labelledby"] ?? "").split(separator: " ").map(String.init)
      case "title" where offsets.count == 1: sawTitle = true
      case "desc":
        sawDesc = true
        inDesc = true
      case "script", "foreignObject": lint.problems.append("forbidden element <\(element)>")
      default: break
      }
      if attributes["class"]?.hasPrefix("axis") == true { axisDepth += 1 }
      var offset = offsets.last!
      if element == "g" {
        if let transform = attributes["transform"] {
          let numbers = transform.matches(of: #/-?\d+(\.\d+)?/#).compactMap { Double($0.output.0) }
          if numbers.count == 2 { offset = (offset.0 + numbers[0], offset.1 + numbers[1]) }
        }
        offsets.append(offset)
      }
      checkGeometry(element, attributes, offset: offset)
      if element == "tspan" { textBuffer += "\n" }
      if element == "title" { inTitle = true }
      if element == "text" {
        inText = (
          (Double(attributes["x"] ?? "") ?? 0) + offset.0,
          (Double(attributes["y"] ?? "") ?? 0) + offset.1,
          attributes["text-anchor"] ?? "start", axisDepth > 0
        )
        textBuffer = ""
      }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
      lint.problems.append("not well-formed XML: \(parseError)")
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if inDesc { descriptionLength += string.count }
      if inText != nil && !inTitle { textBuffer += string }
    }

    func parser(
      _ parser: XMLParser, didEndElement element: String, namespaceURI: String?,
      qualifiedName: String?
    ) {
      if element == "g" {
        offsets.removeLast()
        if axisDepth > 0 && offsets.count <= axisDepth { axisDepth = max(0, axisDepth - 1) }
      }
      if element == "desc" { inDesc = false }
      if element == "title" { inTitle = false }
      if element == "text", let text = inText {
        lint.texts.append((text.x, text.y, text.anchor, textBuffer, text.isAxis))
        if let (width, _) = viewBox {
          // Every line of the label must fit, by the same text metrics the layout used.
          for line in textBuffer.split(separator: "\n") {
            let extent = TextMetrics.width(of: String(line), fontSize: 12)
            let left =
              text.anchor == "middle"
              ? text.x - extent / 2 : text.anchor == "end" ? text.x - extent : text.x
            if left < -1 || left + extent > width + 1 {
              lint.problems.append(
                "text \"\(line)\" runs outside the viewBox (\(left)…\(left + extent) of \(width))")
            }
          }
        }
        inText = nil
      }
    }

    private func checkGeometry(
      _ element: String, _ attributes: [String: String], offset: (Double, Double)
    ) {
      guard let (width, height) = viewBox else { return }
      func inside(_ name: String, _ value: Double, _ limit: Double) {
        if !value.isFinite || value < -1 || value > limit + 1 {
          lint.problems.append("\(element) \(name)=\(value) is outside the viewBox (0…\(limit))")
        }
      }
      for name in ["x", "x1", "x2", "cx"] {
        if let value = attributes[name].flatMap(Double.init) {
          inside(name, value + offset.0, width)
        }
      }
      for name in ["y", "y1", "y2", "cy"] {
        if let value = attributes[name].flatMap(Double.init) {
          inside(name, value + offset.1, height)
        }
      }
      if element == "rect" {
        let x = (Double(attributes["x"] ?? "") ?? 0) + offset.0
        let y = (Double(attributes["y"] ?? "") ?? 0) + offset.1
        let w = Double(attributes["width"] ?? "") ?? 0
        let h = Double(attributes["height"] ?? "") ?? 0
        if w < 0 || h < 0 { lint.problems.append("rect with negative size") }
        inside("x+width", x + w, width)
        inside("y+height", y + h, height)
      }
      for (name, value) in attributes
      where name != "d" && ["x", "y", "width", "height", "r", "cx", "cy"].contains(name) {
        if let dot = value.firstIndex(of: "."), value[value.index(after: dot)...].count > 2 {
          lint.problems.append("\(name)=\(value) has more than two decimals")
        }
      }
      if element == "path", let data = attributes["d"] {
        let numbers = data.matches(of: #/-?\d+(\.\d+)?/#).compactMap { Double($0.output.0) }
        if element == "path", !data.contains("A") {
          for (index, number) in numbers.enumerated() {
            inside(
              index % 2 == 0 ? "path x" : "path y", number + (index % 2 == 0 ? offset.0 : offset.1),
              index % 2 == 0 ? width : height)
          }
        }
      }
    }
  }
}
