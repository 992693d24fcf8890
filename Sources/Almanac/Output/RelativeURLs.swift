/// Rewrites a built page's internal links to be relative to the page, with folders pointing at
/// their `index.html`, so the site works from any folder and from `file://` (`--relative-urls`).
enum RelativeURLs {
  static func rewrite(_ html: String, page: String, basePath: String) -> String {
    var output = ""
    output.reserveCapacity(html.utf8.count)
    var rest = html[...]
    while let attribute = nextAttribute(in: rest) {
      output += rest[..<attribute.valueStart]
      let value = String(rest[attribute.valueStart..<attribute.valueEnd])
      output += relative(value, from: page, basePath: basePath) ?? value
      rest = rest[attribute.valueEnd...]
    }
    return output + rest
  }

  /// The link as a path relative to `page`, or nil to leave it alone (external links, bare
  /// fragments, links out of the site).
  static func relative(_ value: String, from page: String, basePath: String) -> String? {
    let unescaped = Escape.attributeValue(value)
    guard !unescaped.hasPrefix("#"),
      case .internal(let path, let fragment)? = LinkTarget.resolve(
        unescaped, from: page, basePath: basePath)
    else { return nil }
    let from = page.split(separator: "/").dropLast()
    let to = path.split(separator: "/")
    var shared = 0
    while shared < from.count, shared < to.count - 1, from[from.startIndex + shared] == to[shared] {
      shared += 1
    }
    let ups = Array(repeating: "..", count: from.count - shared)
    let relative = (ups + to[shared...].map(String.init)).joined(separator: "/")
    return Escape.html(relative + (fragment.map { "#" + $0 } ?? ""))
  }

  private static func nextAttribute(in text: Substring) -> (
    valueStart: String.Index, valueEnd: String.Index
  )? {
    let candidates = [" href=\"", " src=\""].compactMap { text.range(of: $0) }
    guard let first = candidates.min(by: { $0.lowerBound < $1.lowerBound }),
      let end = text[first.upperBound...].firstIndex(of: "\"")
    else { return nil }
    return (first.upperBound, end)
  }
}
