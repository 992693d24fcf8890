import Foundation

/// The settings at the top of a page, between `---` lines.
struct FrontMatter: Sendable, Equatable {
  var title: String?
  var date: PageDate?
  var summary: String?
  var tags: [String] = []
  var draft = false
  var layout: String?
  var layoutLocation: SourceLocation?
  var slug: String?
  var weight = 0
  /// Whether the page is linked from the site's navigation (`site.menu`).
  var menu = false
  /// Named SQL queries visible on this page (`queries:`).
  var queries: [Query] = []
  /// Makes the page a template for one page per row of a query (`generate:`).
  var generator: PageGenerator?
  /// Every other key, in written order, for templates to read as `page.params.*`.
  var params: [YAMLEntry] = []
}

/// A page's text divided into its front matter and its Markdown body.
struct SplitPage: Sendable {
  var frontMatter: String?
  /// The line of the file on which the front matter's first key is written.
  var frontMatterFirstLine = 2
  var body: String
  /// The line of the file on which the body starts, so positions in the body map back to it.
  var bodyFirstLine: Int
}

extension FrontMatter {
  static let knownKeys = [
    "title", "date", "summary", "tags", "draft", "layout", "slug", "weight", "menu",
  ]

  /// Splits a page into front matter and body. Front matter is optional; when the first line
  /// is `---` it runs to the next line that is `---` or `...`.
  static func split(_ text: String, file: String) throws(DiagnosticError) -> SplitPage {
    var lineStart = text.startIndex
    var lineNumber = 1
    var frontMatterStart: String.Index?
    while lineStart < text.endIndex {
      let lineEnd = text.utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
      let line = text[lineStart..<lineEnd]
      let nextLine = lineEnd < text.endIndex ? text.utf8.index(after: lineEnd) : text.endIndex
      if let start = frontMatterStart {
        if isFence(line, allowDots: true) {
          return SplitPage(
            frontMatter: String(text[start..<lineStart]), body: String(text[nextLine...]),
            bodyFirstLine: lineNumber + 1)
        }
      } else if isFence(line, allowDots: false) {
        frontMatterStart = nextLine
      } else {
        break
      }
      lineStart = nextLine
      lineNumber += 1
    }
    guard frontMatterStart == nil else {
      throw DiagnosticError(
        .unclosedFrontMatter(at: SourceLocation(file: file, line: 1, column: 1)))
    }
    return SplitPage(body: text, bodyFirstLine: 1)
  }

  private static func isFence(_ line: Substring, allowDots: Bool) -> Bool {
    var trimmed = line
    while let last = trimmed.last, last == "\r" || last == " " || last == "\t" {
      trimmed.removeLast()
    }
    return trimmed == "---" || (allowDots && trimmed == "...")
  }

  /// Decodes front matter text; every problem found is added to `diagnostics`.
  static func decode(
    _ split: SplitPage, file: String, diagnostics: inout [Diagnostic]
  ) -> FrontMatter {
    var frontMatter = FrontMatter()
    guard let yaml = split.frontMatter else { return frontMatter }
    let origin = SourceLocation(file: file, line: split.frontMatterFirstLine, column: 1)
    guard
      let entries = YAMLNode.parseMapping(
        yaml, origin: origin, diagnostics: &diagnostics,
        notMapping: Diagnostic.frontMatterNotMapping)
    else { return frontMatter }
    for entry in entries {
      let node = entry.node
      switch entry.key {
      case "title":
        frontMatter.title = node.text(for: "title", diagnostics: &diagnostics)
      case "summary":
        frontMatter.summary = node.text(for: "summary", diagnostics: &diagnostics)
      case "date":
        guard let written = node.text(for: "date", diagnostics: &diagnostics) else { continue }
        if let date = PageDate(parsing: written) {
          frontMatter.date = date
        } else {
          diagnostics.append(.invalidDate(written, at: node.location))
        }
      case "tags":
        frontMatter.tags = tags(node, diagnostics: &diagnostics)
      case "draft", "menu":
        guard case .bool(let flag) = node.value else {
          diagnostics.append(
            .wrongType(key: entry.key, expected: "true or false", found: node, at: node.location))
          continue
        }
        if entry.key == "draft" { frontMatter.draft = flag } else { frontMatter.menu = flag }
      case "layout":
        guard let layout = node.text(for: "layout", diagnostics: &diagnostics) else { continue }
        guard !layout.contains("/"), !layout.contains("\\"), !layout.hasPrefix(".") else {
          diagnostics.append(.layoutIsPath(layout, at: node.location))
          continue
        }
        frontMatter.layout = layout
        frontMatter.layoutLocation = node.location
      case "slug":
        guard let slug = node.text(for: "slug", diagnostics: &diagnostics) else { continue }
        if isSafeSlug(slug) {
          frontMatter.slug = slug
        } else {
          diagnostics.append(.invalidSlug(slug, at: node.location))
        }
      case "weight":
        if case .int(let weight) = node.value {
          frontMatter.weight = weight
        } else {
          diagnostics.append(
            .wrongType(key: "weight", expected: "a whole number", found: node, at: node.location))
        }
      case "queries":
        frontMatter.queries = Query.fromFrontMatter(node, file: file, diagnostics: &diagnostics)
      case "generate":
        frontMatter.generator = PageGenerator(node, diagnostics: &diagnostics)
      default:
        frontMatter.params.append(entry)
      }
    }
    return frontMatter
  }

  /// A slug names one URL segment: it may not contain a path separator or climb out of its
  /// folder, which keeps every page inside the output folder.
  static func isSafeSlug(_ slug: String) -> Bool {
    !slug.isEmpty && !slug.hasPrefix(".") && !slug.contains("/") && !slug.contains("\\")
      && !slug.unicodeScalars.contains { $0.value < 0x20 || $0 == "?" || $0 == "#" || $0 == "%" }
  }

  private static func tags(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> [String] {
    switch node.value {
    case .null:
      return []
    case .list(let items):
      return items.compactMap { item in
        guard let tag = item.scalarText,
          !TextScan.trimmingWhiteSpace(tag, keepingLineBreaks: true).isEmpty
        else {
          diagnostics.append(
            .wrongType(key: "tags", expected: "a list of words", found: item, at: item.location))
          return nil
        }
        return tag
      }
    default:
      if let tag = node.scalarText { return [tag] }
      diagnostics.append(
        .wrongType(key: "tags", expected: "a list of words", found: node, at: node.location))
      return []
    }
  }
}
