/// Checks of a site's templates made when they are loaded, before any page is rendered: Mustache
/// itself finds none of these problems, and one of them (a partial that includes itself) would
/// otherwise recurse until the stack overflows.
extension TemplateSet {
  /// One `{{> name}}` or `{{< name}}` tag in a template.
  typealias Reference = (name: String, location: SourceLocation)

  /// Reports every cycle of includes (`a` includes `b`, which includes `a`), once, at the tag
  /// that closes it. Almanac's context holds no recursive data, so such a cycle could only end
  /// when the stack overflows.
  ///
  /// - Parameter references: each template's references, keyed by template name.
  static func includeCycles(in references: [String: [Reference]]) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    var reported: Set<[String]> = []
    var finished: Set<String> = []
    for start in references.keys.sorted() where !finished.contains(start) {
      // Depth-first, with an explicit stack: each entry is a template and its next reference.
      var stack: [(name: String, next: Int)] = [(start, 0)]
      while let (name, next) = stack.last {
        let edges = references[name] ?? []
        guard next < edges.count else {
          finished.insert(name)
          stack.removeLast()
          continue
        }
        stack[stack.count - 1].next += 1
        let edge = edges[next]
        if let loopStart = stack.firstIndex(where: { $0.name == edge.name }) {
          let cycle = stack[loopStart...].map(\.name) + [edge.name]
          if reported.insert(cycle.dropLast().sorted()).inserted {
            diagnostics.append(.includeCycle(cycle, at: edge.location))
          }
        } else if !finished.contains(edge.name), references[edge.name] != nil {
          stack.append((edge.name, 0))
        }
      }
    }
    return diagnostics
  }

  /// Warns about `{{page.x}}` and `{{site.x}}` tags whose `x` is not a key Almanac ever puts in
  /// that part of the context: Mustache renders them as nothing, silently.
  static func unknownNames(in text: String, file: String) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for tag in tags(in: text, file: file) {
      var name = Substring(tag.content.trimmingCharacters(in: .whitespaces))
      guard let sigil = name.first else { continue }
      if "#^&{".contains(sigil) {
        name = name.dropFirst().drop { $0 == " " }
      } else if !(sigil.isLetter || sigil == "_") {
        continue  // closing tags, comments, partials, blocks, delimiter changes
      }
      let parts = name.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
      guard parts.count >= 2, let known = TemplateContext.knownKeys[String(parts[0])] else {
        continue
      }
      let key = String(parts[1])
      guard !known.contains(key) else { continue }
      diagnostics.append(
        .unknownTemplateName(
          String(parts[0]), key: key, suggestion: key.closestMatch(in: known.sorted()),
          at: tag.location))
    }
    return diagnostics
  }

  /// The text inside each `{{…}}` tag (without braces) and where the tag starts.
  static func tags(in text: String, file: String) -> [(
    content: String, location: SourceLocation
  )] {
    var tags: [(String, SourceLocation)] = []
    var line = 1
    var column = 1
    var scalars = text.unicodeScalars[...]
    while let scalar = scalars.first {
      if scalars.starts(with: "{{".unicodeScalars) {
        let afterOpen = scalars.dropFirst(2)
        if let close = afterOpen.firstRange(of: "}}".unicodeScalars) {
          tags.append(
            (
              String(String.UnicodeScalarView(afterOpen[..<close.lowerBound])),
              SourceLocation(file: file, line: line, column: column)
            ))
        }
      }
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
      scalars = scalars.dropFirst()
    }
    return tags
  }
}
