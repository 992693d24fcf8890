import CCmark
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one place that talks to libcmark. No cmark pointer leaves this file, and every node or
/// string allocated here is freed here.
enum CommonMark {
  /// Renders a page body to HTML exactly as `cmark` does, with three changes: headings get
  /// unique ids and self-links; links and images to root paths (`/x/`) get the site's base path;
  /// and reserved directives are replaced by what `directives` renders for them.
  ///
  /// - Parameters:
  ///   - location: where the body starts in its file, so node positions map back to the file.
  ///   - basePath: the path the site is served under, such as `/` or `/pr-123/`.
  static func render(
    _ markdown: String, at location: SourceLocation, options: MarkdownOptions, basePath: String,
    directives renderer: (any DirectiveRendering)? = nil
  ) -> RenderedMarkdown {
    let parseOptions = options.smart ? CMARK_OPT_SMART : CMARK_OPT_DEFAULT
    let renderOptions = options.unsafe ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT
    var source = markdown
    let document = source.withUTF8 { buffer in
      buffer.withMemoryRebound(to: CChar.self) { characters in
        cmark_parse_document(characters.baseAddress, characters.count, parseOptions)
      }
    }
    guard let document else {
      return RenderedMarkdown(
        html: "", headings: [], firstParagraph: "", wordCount: 0, directives: [])
    }
    defer { cmark_node_free(document) }

    var walk = TreeWalk(origin: location, basePath: basePath)
    walk.visit(document)
    var result = RenderedMarkdown(
      html: "", headings: [], firstParagraph: "", wordCount: walk.wordCount,
      directives: walk.directives.map(\.1))

    // Directives first: they can sit inside headings and the first paragraph, whose text and
    // HTML must show what the directives render to.
    if let renderer {
      for (node, directive) in walk.directives {
        guard let replacement = renderer.html(for: directive, diagnostics: &result.diagnostics)
        else { continue }
        replace(node, with: replacement, block: directive.kind != .inlineValue)
      }
    }
    result.firstParagraph = walk.firstParagraph.map(plainText) ?? ""
    var ids = SlugRegistry(fallback: "section")
    for (number, (node, level, headingLocation)) in walk.headings.enumerated() {
      let title = plainText(of: node)
      let id = ids.claim(title)
      result.headings.append(Heading(level: level, id: id, title: title, location: headingLocation))
      markHeading(node, number: number, id: id)
    }
    result.html = html(of: document, options: renderOptions, headingIDs: result.headings.map(\.id))
    return result
  }

  /// Marks a heading for `html(of:options:headingIDs:)`: a marker at its start, where its id
  /// goes, and its self-link at its end. The document is then rendered once, headings and all.
  private static func markHeading(_ node: OpaquePointer, number: Int, id: String) {
    guard let start = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return }
    guard let end = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else {
      cmark_node_free(start)
      return
    }
    let marker = [headingMarker] + Array(String(number).utf8) + [headingMarker, 0]
    marker.withUnsafeBufferPointer { bytes in
      bytes.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_on_enter(start, $0.baseAddress) }
    }
    cmark_node_set_on_enter(
      end, " <a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to this section\">#</a>")
    cmark_node_prepend_child(node, start)
    cmark_node_append_child(node, end)
  }

  /// A byte that is never UTF-8, so never in what cmark renders of a page: it parses only valid
  /// UTF-8 (anything else becomes U+FFFD), and Almanac's own HTML is Swift text.
  private static let headingMarker: UInt8 = 0xFF

  /// The text a reader sees in a node: text, code and what directives rendered (without their
  /// tags), with line breaks as spaces.
  private static func plainText(of node: OpaquePointer) -> String {
    guard let iterator = cmark_iter_new(node) else { return "" }
    defer { cmark_iter_free(iterator) }
    var text = ""
    while true {
      let event = cmark_iter_next(iterator)
      if event == CMARK_EVENT_DONE { break }
      guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
      switch cmark_node_get_type(child) {
      case CMARK_NODE_TEXT, CMARK_NODE_CODE:
        text += cmark_node_get_literal(child).map { String(cString: $0) } ?? ""
      case CMARK_NODE_CUSTOM_INLINE:
        text += Escape.textContent(
          ofHTML: cmark_node_get_on_enter(child).map { String(cString: $0) } ?? "")
      case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
        text += " "
      default:
        break
      }
    }
    return TextScan.trimmingWhiteSpace(text)
  }

  /// The document's HTML, with each marked heading's `<hN>` given its id from `headingIDs`.
  private static func html(of node: OpaquePointer, options: Int32, headingIDs: [String]) -> String {
    guard let rendered = cmark_render_html(node, options) else { return "" }
    defer { free(rendered) }
    let bytes = UnsafeRawBufferPointer(start: rendered, count: strlen(rendered))
    guard !headingIDs.isEmpty else { return String(decoding: bytes, as: UTF8.self) }
    var html: [UInt8] = []
    html.reserveCapacity(bytes.count + headingIDs.count * 16)
    var copied = 0
    var index = 0
    while let found = bytes[index...].firstIndex(of: headingMarker) {
      // `<hN>` just before, then the heading's number, then the marker again.
      guard found > 0, bytes[found - 1] == UInt8(ascii: ">"),
        let close = bytes[(found + 1)...].firstIndex(of: headingMarker),
        let number = Int(String(decoding: bytes[(found + 1)..<close], as: UTF8.self)),
        headingIDs.indices.contains(number)
      else {
        index = found + 1
        continue
      }
      html.append(contentsOf: bytes[copied..<(found - 1)])
      html.append(contentsOf: " id=\"\(headingIDs[number])\">".utf8)
      copied = close + 1
      index = close + 1
    }
    html.append(contentsOf: bytes[copied...])
    return String(decoding: html, as: UTF8.self)
  }

  /// Swaps a node for a custom node that prints `html`. Custom nodes are printed even when raw
  /// HTML is turned off, which is what lets Almanac's own HTML through while an author's is not.
  private static func replace(_ node: OpaquePointer, with html: String, block: Bool) {
    guard
      let replacement = cmark_node_new(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE)
    else { return }
    cmark_node_set_on_enter(replacement, html)
    if cmark_node_replace(node, replacement) != 0 {
      cmark_node_free(node)
    } else {
      cmark_node_free(replacement)
    }
  }

  /// One pass over the parsed tree that records what `render` needs. Nodes are changed only
  /// after the walk, so the iterator never steps onto a freed node.
  private struct TreeWalk {
    let origin: SourceLocation
    let basePath: String
    var headings: [(OpaquePointer, Int, SourceLocation)] = []
    var directives: [(OpaquePointer, MarkdownDirective)] = []
    var firstParagraph: OpaquePointer?
    var wordCount = 0
    /// The level of the last heading passed, for the directives that follow it.
    var sectionLevel = 1

    init(origin: SourceLocation, basePath: String) {
      self.origin = origin
      self.basePath = basePath
    }

    mutating func visit(_ document: OpaquePointer) {
      guard let iterator = cmark_iter_new(document) else { return }
      defer { cmark_iter_free(iterator) }
      while true {
        let event = cmark_iter_next(iterator)
        if event == CMARK_EVENT_DONE { break }
        guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING:
          sectionLevel = Int(cmark_node_get_heading_level(node))
          headings.append((node, sectionLevel, location(of: node)))
        case CMARK_NODE_PARAGRAPH
        where firstParagraph == nil && cmark_node_parent(node) == document:
          firstParagraph = node
        case CMARK_NODE_TEXT:
          if let text = cmark_node_get_literal(node) {
            wordCount += TextScan.wordCount(
              utf8: UnsafeRawBufferPointer(start: text, count: strlen(text)))
          }
        case CMARK_NODE_CODE_BLOCK:
          let info = string(cmark_node_get_fence_info(node))
          let name = String(info.split(separator: " ", maxSplits: 1).first ?? "")
          if MarkdownDirective.blockNames.contains(name) {
            let directive = MarkdownDirective(
              kind: .block(name: name), text: literal(of: node), location: location(of: node),
              sectionLevel: sectionLevel)
            directives.append((node, directive))
          }
        case CMARK_NODE_CODE:
          let code = literal(of: node)
          if code.hasPrefix("=") {
            let directive = MarkdownDirective(
              kind: .inlineValue, text: String(code.dropFirst()), location: location(of: node))
            directives.append((node, directive))
          }
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
          let url = string(cmark_node_get_url(node))
          if url.hasPrefix("/") && !url.hasPrefix("//") && basePath != "/" {
            cmark_node_set_url(node, basePath + url.dropFirst())
          }
        default:
          break
        }
      }
    }

    private func location(of node: OpaquePointer) -> SourceLocation {
      SourceLocation(
        file: origin.file, line: origin.line + Int(cmark_node_get_start_line(node)) - 1,
        column: Int(cmark_node_get_start_column(node)))
    }

    private func literal(of node: OpaquePointer) -> String {
      string(cmark_node_get_literal(node))
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String {
      pointer.map { String(cString: $0) } ?? ""
    }
  }
}
