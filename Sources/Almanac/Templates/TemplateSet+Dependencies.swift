import Foundation

/// The parts of the template context that are shared between pages. A page whose layout shows
/// one of them is rebuilt when it changes; a page whose layout doesn't, isn't.
enum ContextFacet: String, CaseIterable, Sendable {
  /// `pages` and `site.pages`: every listed page, newest first.
  case listedPages = "pages"
  /// The entries of `site.sections` themselves: titles, links, order.
  case sections
  /// What `site.sections` lists under each entry: `pages`, `preview`, `count`, `has_more`.
  case sectionPages = "section-pages"
  case menu
  /// `site.tags`: every tag with its pages.
  case tags
  /// `site.has_tags`: whether there are tags at all.
  case hasTags = "has-tags"
  /// `section`: the pages of the section a home or section page lists.
  case ownSection = "section"
  /// `tag`: the pages a tag page lists.
  case ownTag = "tag"
}

/// What one layout, with every partial and parent it pulls in, reads from its context.
struct TemplateUse: Sendable {
  /// Changes when any of the templates changes.
  var hash: ContentHash
  var facets: Set<ContextFacet>
  /// The names the templates mention among those asked about, to tell which site-wide query
  /// results a layout could show.
  var identifiers: Set<String>
}

extension TemplateSet {
  /// Works out, without rendering, which shared parts of the context a layout can reach.
  ///
  /// Mustache looks a name up in every enclosing section and then at the root, so a name is
  /// counted under each of those paths: the answer may include facets a layout doesn't use, but
  /// never misses one it does, which keeps incremental builds identical to full ones.
  func use(ofLayout layout: String, mentioning names: Set<String>) -> TemplateUse {
    var scan = TemplateScan(texts: texts)
    scan.walk(layout, scopes: [])
    var hash = ContentHash()
    for name in scan.included.sorted() {
      hash.combine(name)
      hash.combine(texts[name] ?? "")
    }
    let text = scan.included.sorted().map { texts[$0] ?? "" }.joined(separator: "\n")
    return TemplateUse(
      hash: hash, facets: scan.facets,
      identifiers: TextScan.identifiers(in: text, among: names))
  }
}

/// One pass over a layout's tags, following partials and parents where they are used.
private struct TemplateScan {
  let texts: [String: String]
  var included: Set<String> = []
  var facets: Set<ContextFacet> = []
  /// Partials being expanded, so recursive partials end.
  private var chain: [String] = []

  init(texts: [String: String]) {
    self.texts = texts
  }

  /// A scope holds the paths the value a section opened could have come from
  /// (`site.sections`), or is nil for a block (`{{$main}}`) or parent (`{{<base}}`), which open
  /// no value.
  mutating func walk(_ name: String, scopes: [[String]?]) {
    included.insert(name)
    guard let text = texts[name], !chain.contains(name) else { return }
    chain.append(name)
    defer { chain.removeLast() }
    var scopes = scopes
    let base = scopes.count
    for tag in Self.tags(in: text) {
      guard let sigil = tag.first else { continue }
      let rest = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces)
      switch sigil {
      case "!", "=":
        continue
      case "#", "^":
        scopes.append(use(Self.name(in: rest), scopes: scopes))
      case "$":
        scopes.append(nil)
      case "<":
        walk(Self.name(in: rest), scopes: scopes)
        scopes.append(nil)
      case "/":
        if scopes.count > base { scopes.removeLast() }
      case ">":
        walk(Self.name(in: rest), scopes: scopes)
      case "&":
        use(Self.name(in: rest), scopes: scopes)
      default:
        use(Self.name(in: tag), scopes: scopes)
      }
    }
  }

  /// Counts a name under every path Mustache could resolve it to, and returns those paths.
  @discardableResult
  private mutating func use(_ name: String, scopes: [[String]?]) -> [String] {
    let paths = Self.paths(of: name, scopes: scopes)
    for path in paths { record(path) }
    return paths
  }

  /// Mustache looks a name up in the innermost section first, then outwards, then at the root;
  /// a name with a leading dot (`.date`), or `.` itself, only in the innermost section.
  private static func paths(of name: String, scopes: [[String]?]) -> [String] {
    let innermost = scopes.last { $0 != nil } ?? nil
    if name == "." { return innermost ?? [""] }
    if name.hasPrefix(".") {
      let rest = String(name.dropFirst())
      return (innermost ?? [""]).map { $0.isEmpty ? rest : $0 + "." + rest }
    }
    let first = String(name.prefix { $0 != "." })
    var paths: [String] = []
    for case let scope? in scopes.reversed() {
      paths += scope.map { $0.isEmpty ? name : $0 + "." + name }
      if scope.allSatisfy({ keysAlwaysPresent[$0]?.contains(first) == true }) { return paths }
    }
    return paths + [name]
  }

  /// Keys that the maps at these paths always hold, so a lookup there never falls through to
  /// an enclosing section or the root.
  private static let keysAlwaysPresent: [String: Set<String>] = {
    let summary: Set<String> = [
      "title", "url", "permalink", "kind", "tags", "draft", "weight", "reading_minutes", "params",
    ]
    let sectionEntry = summary.union(["current"]).union(TemplateContext.sectionListingKeys)
    return [
      "tag": ["name", "slug", "url", "count", "pages"],
      "section": ["title", "url", "pages"],
      "pages": summary, "site.pages": summary, "tag.pages": summary, "section.pages": summary,
      "site.sections": sectionEntry, "site.sections.pages": summary,
      "site.sections.preview": ["pages"], "site.sections.preview.pages": summary,
      "site.menu": summary.union(["current"]),
      "site.tags": ["name", "slug", "url", "count", "pages"], "site.tags.pages": summary,
    ]
  }()

  private mutating func record(_ path: String) {
    let parts = path.split(separator: ".").map(String.init)
    guard let root = parts.first else { return }
    switch root {
    case "pages": facets.insert(.listedPages)
    case "section": facets.insert(.ownSection)
    case "tag": facets.insert(.ownTag)
    case "site":
      guard parts.count > 1 else {
        facets.formUnion(ContextFacet.allCases)
        return
      }
      switch parts[1] {
      case "pages": facets.insert(.listedPages)
      case "menu": facets.insert(.menu)
      case "tags": facets.insert(.tags)
      case "has_tags": facets.insert(.hasTags)
      case "sections":
        facets.insert(.sections)
        if parts.count > 2 && TemplateContext.sectionListingKeys.contains(parts[2]) {
          facets.insert(.sectionPages)
        }
      default: break
      }
    default:
      break
    }
  }

  /// `name`, or the argument of a transform such as `uppercased(name)`.
  private static func name(in text: String) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let open = trimmed.lastIndex(of: "("), let close = trimmed.firstIndex(of: ")"),
      open < close
    else { return trimmed }
    return String(trimmed[trimmed.index(after: open)..<close])
      .trimmingCharacters(in: .whitespaces)
  }

  /// The text inside every `{{…}}` (and `{{{…}}}`) in order; comments included, to be skipped.
  private static func tags(in text: String) -> [String] {
    var tags: [String] = []
    var rest = text[...]
    while let open = rest.range(of: "{{") {
      let afterOpen = rest[open.upperBound...]
      guard let close = afterOpen.range(of: "}}") else { break }
      var inside = afterOpen[..<close.lowerBound]
      var next = close.upperBound
      if inside.hasPrefix("{"), afterOpen[close.upperBound...].hasPrefix("}") {
        inside = inside.dropFirst()
        next = afterOpen.index(after: close.upperBound)
      }
      tags.append(String(inside).trimmingCharacters(in: .whitespaces))
      rest = afterOpen[next...]
    }
    return tags
  }
}
