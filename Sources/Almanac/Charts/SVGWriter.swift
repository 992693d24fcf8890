/// Writes a chart's SVG. Every number and every string that reaches a chart passes through
/// here, so coordinates always have at most two decimals (and never read `-0`, `NaN` or an
/// exponent) and text from data is always escaped.
struct SVGWriter {
  enum Value {
    case number(Double)
    case text(String)
  }

  private(set) var output = ""
  private var depth = 0

  /// A coordinate or length with at most two decimals; non-finite values become 0 so that no
  /// broken number can reach the output.
  static func number(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let hundredths = (value * 100).rounded()
    if hundredths == 0 { return "0" }
    let negative = hundredths < 0
    let magnitude = Int64(abs(hundredths))
    var text = String(magnitude / 100)
    let fraction = magnitude % 100
    if fraction != 0 {
      text +=
        fraction % 10 == 0
        ? ".\(fraction / 10)" : (fraction < 10 ? ".0\(fraction)" : ".\(fraction)")
    }
    return negative ? "-" + text : text
  }

  /// Path data for a polyline through `points`, optionally closed.
  static func path(_ points: [(x: Double, y: Double)], closed: Bool = false) -> String {
    var data = ""
    for (index, point) in points.enumerated() {
      data += (index == 0 ? "M" : "L") + number(point.x) + "," + number(point.y)
    }
    return closed && !points.isEmpty ? data + "Z" : data
  }

  mutating func open(_ tag: String, _ attributes: [(String, Value)] = []) {
    output += indentation + "<" + tag + Self.attributes(attributes) + ">\n"
    depth += 1
  }

  mutating func close(_ tag: String) {
    depth -= 1
    output += indentation + "</" + tag + ">\n"
  }

  /// An element with optional text content and an optional `<title>` child (a tooltip).
  mutating func element(
    _ tag: String, _ attributes: [(String, Value)], text: String? = nil, tooltip: String? = nil
  ) {
    let start = indentation + "<" + tag + Self.attributes(attributes)
    switch (text, tooltip) {
    case (nil, nil):
      output += start + "/>\n"
    case (let text?, nil):
      output += start + ">" + Escape.html(text) + "</" + tag + ">\n"
    case (let text, let tooltip?):
      output +=
        start + "><title>" + Escape.html(tooltip) + "</title>" + Escape.html(text ?? "") + "</"
        + tag + ">\n"
    }
  }

  /// A `<text>` on one or two lines; the second line is a `<tspan>` below the first.
  mutating func text(
    _ lines: (String, String?), _ attributes: [(String, Value)], x: Double, lineHeight: Double
  ) {
    guard let second = lines.1 else {
      element("text", attributes, text: lines.0)
      return
    }
    output +=
      indentation + "<text" + Self.attributes(attributes) + ">" + Escape.html(lines.0)
      + "<tspan x=\""
      + Self.number(x) + "\" dy=\"" + Self.number(lineHeight) + "\">" + Escape.html(second)
      + "</tspan></text>\n"
  }

  /// Raw markup that another writer produced (a nested group).
  mutating func append(_ other: SVGWriter) {
    for line in other.output.split(separator: "\n", omittingEmptySubsequences: true) {
      output += indentation + line + "\n"
    }
  }

  private var indentation: String { String(repeating: "  ", count: depth) }

  private static func attributes(_ attributes: [(String, Value)]) -> String {
    attributes.map { name, value in
      switch value {
      case .number(let number): return " \(name)=\"\(Self.number(number))\""
      case .text(let text): return " \(name)=\"\(Escape.html(text))\""
      }
    }.joined()
  }
}
