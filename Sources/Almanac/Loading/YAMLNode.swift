import Yams

/// A parsed YAML value that remembers where each of its parts was written.
///
/// Front matter and `site.yml` are decoded through this type rather than `Codable`, so that a
/// wrong type or an unknown key can be reported at its own line, and mappings keep their
/// written order.
struct YAMLNode: Sendable, Equatable {
  indirect enum Value: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([YAMLNode])
    case mapping([YAMLEntry])
  }

  var value: Value
  var location: SourceLocation
  /// A scalar exactly as written (`01001`, not the number 1001); nil for null, lists and mappings.
  var written: String? = nil

  /// The text of a scalar, whatever type YAML resolved it to; nil for lists and mappings.
  var scalarText: String? {
    switch value {
    case .string(let text): return text
    case .int(let number): return String(number)
    case .double(let number): return String(number)
    case .bool(let flag): return flag ? "true" : "false"
    case .null, .list, .mapping: return nil
    }
  }

  /// The scalar's text for the setting `key`; nil for null. A list or mapping is reported as
  /// the wrong type.
  func text(for key: String, diagnostics: inout [Diagnostic]) -> String? {
    if let text = scalarText { return text }
    if case .null = value { return nil }
    diagnostics.append(.wrongType(key: key, expected: "text", found: self, at: location))
    return nil
  }

  /// A short name for the node's kind, for messages about wrong types.
  var kindName: String {
    switch value {
    case .null: return "nothing"
    case .bool: return "a boolean"
    case .int: return "an integer"
    case .double: return "a number"
    case .string: return "text"
    case .list: return "a list"
    case .mapping: return "a mapping"
    }
  }
}

struct YAMLEntry: Sendable, Equatable {
  var key: String
  var keyLocation: SourceLocation
  var node: YAMLNode
}

extension YAMLNode {
  /// Aliases are expanded when a document is converted, so a few lines of anchors could
  /// otherwise describe billions of nodes ("billion laughs"); no real front matter comes near this.
  static let maximumNodeCount = 100_000

  /// Parses one YAML document that starts at `origin` in its file.
  ///
  /// - Returns: the document's root, or nil for an empty document.
  /// - Throws: `DiagnosticError` with the parser's message at the offending line.
  static func parse(_ text: String, origin: SourceLocation) throws(DiagnosticError) -> YAMLNode? {
    let root: Node?
    do {
      // Scalars are typed in `resolvedTag(of:in:)`: Yams' default resolver tries seven regular
      // expressions on every mapping key it hashes to find duplicates. The encoding is named
      // because Yams works the default out by reading the whole environment on every call.
      root = try Yams.compose(yaml: text, .basic, .default, .utf8)
    } catch let error as YamlError {
      if case .scanner(_, _, let mark, _) = error, isIndentedWithTab(text, line: mark.line) {
        throw DiagnosticError(.yamlTabIndentation(at: origin.located(mark)))
      }
      // libyaml stops at 1,000 levels, in words meant for programmers.
      if case .parser(_, _, let mark, _) = error,
        String(describing: error).contains("Maximum nesting level")
      {
        throw DiagnosticError(.yamlTooDeep(at: origin.located(mark)))
      }
      throw DiagnosticError(.invalidYAML(error, origin: origin))
    } catch {
      throw DiagnosticError(.invalidYAML(description: "\(error)", at: origin))
    }
    guard let root else { return nil }
    var budget = maximumNodeCount
    return try convert(root, origin: origin, lines: Lines(text), budget: &budget)
  }

  /// Whether the 1-based `line` of `text` has a tab in its indentation, which YAML forbids (the
  /// scanner's own words for it are "found character that cannot start any token").
  private static func isIndentedWithTab(_ text: String, line: Int) -> Bool {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard line >= 1 && line <= lines.count else { return false }
    return lines[line - 1].prefix { $0 == " " || $0 == "\t" }.contains("\t")
  }

  /// Parses a document, adding a syntax error to `diagnostics` instead of throwing.
  ///
  /// - Returns: nil after an error; a null node for an empty document.
  static func parse(_ text: String, origin: SourceLocation, diagnostics: inout [Diagnostic])
    -> YAMLNode?
  {
    do {
      return try parse(text, origin: origin) ?? YAMLNode(value: .null, location: origin)
    } catch {
      diagnostics += error.diagnostics
      return nil
    }
  }

  /// Parses a document that must be `key: value` lines; an empty document has no entries.
  ///
  /// - Parameter notMapping: the diagnostic for a document of another kind, given its kind's name.
  /// - Returns: nil after reporting a problem.
  static func parseMapping(
    _ text: String, origin: SourceLocation, diagnostics: inout [Diagnostic],
    notMapping: (_ kind: String, _ location: SourceLocation) -> Diagnostic
  ) -> [YAMLEntry]? {
    guard let root = parse(text, origin: origin, diagnostics: &diagnostics) else { return nil }
    switch root.value {
    case .mapping(let entries): return entries
    case .null: return []
    default:
      diagnostics.append(notMapping(root.kindName, root.location))
      return nil
    }
  }

  /// The document's lines, found only if a block scalar needs one.
  ///
  /// Lines end at each `"\n"` `Character`, as `split(separator: "\n")` divides them, so a
  /// `"\r\n"` (one `Character`) ends none. Only the starts of lines are kept, found on the
  /// bytes: splitting the text into `Character`s cost more than the rest of a page's front matter.
  private final class Lines {
    let text: String
    /// The UTF-8 offset where each line starts: an LF not preceded by CR starts the next one.
    lazy var starts: [Int] = {
      var text = text
      return text.withUTF8 { bytes in
        var starts = [0]
        for index in bytes.indices
        where bytes[index] == UInt8(ascii: "\n")
          && (index == 0 || bytes[index - 1] != UInt8(ascii: "\r"))
        {
          starts.append(index + 1)
        }
        return starts
      }
    }()

    init(_ text: String) {
      self.text = text
    }

    /// The indentation of the 1-based `line`, or 0 past the end.
    func indentation(of line: Int) -> Int {
      guard line >= 1 && line <= starts.count else { return 0 }
      // Counted in `Character`s, as before: a space carrying a combining mark is not indentation.
      let start = text.utf8.index(text.startIndex, offsetBy: starts[line - 1])
      return text[start...].prefix { $0 == " " }.count
    }
  }

  private static func convert(
    _ node: Node, origin: SourceLocation, lines: Lines, budget: inout Int
  ) throws(DiagnosticError) -> YAMLNode {
    budget -= 1
    let location = origin.located(node.mark)
    guard budget >= 0 else { throw DiagnosticError(.yamlTooLarge(at: location)) }
    switch node {
    case .scalar(let scalar):
      let value = scalarValue(scalar, tag: resolvedTag(of: scalar, in: node))
      let isBlock = scalar.style == .literal || scalar.style == .folded
      // A block scalar's text starts on the line after its `|` or `>`, at its indentation, so
      // positions inside it (a query's error) map to the right column too.
      let contentLine = (node.mark?.line ?? 0) + 1
      let start =
        isBlock
        ? SourceLocation(
          file: location.file, line: location.line + 1,
          column: lines.indentation(of: contentLine) + 1)
        : location
      return YAMLNode(value: value, location: start, written: value == .null ? nil : scalar.string)
    case .sequence(let sequence):
      var items: [YAMLNode] = []
      for item in sequence {
        items.append(try convert(item, origin: origin, lines: lines, budget: &budget))
      }
      return YAMLNode(value: .list(items), location: location)
    case .mapping(let mapping):
      var entries: [YAMLEntry] = []
      for (key, value) in mapping {
        let keyLocation = origin.located(key.mark)
        guard let keyText = key.scalar?.string else {
          throw DiagnosticError(.yamlKeyNotText(at: keyLocation))
        }
        let converted = try convert(value, origin: origin, lines: lines, budget: &budget)
        entries.append(YAMLEntry(key: keyText, keyLocation: keyLocation, node: converted))
      }
      return YAMLNode(value: .mapping(entries), location: location)
    case .alias:
      // Yams resolves aliases while composing; an unresolved one would already have thrown.
      return YAMLNode(value: .null, location: location)
    }
  }

  /// The type YAML gives a scalar. Yams' default resolver tries seven regular expressions on a
  /// plain scalar, which made them a fifth of loading a page; each of them is anchored at the
  /// start and needs a digit, a sign, `.`, `<`, `~` or `=` there, or is a short word (`yes`,
  /// `off`, `null`), so any other plain scalar is text without asking.
  private static func resolvedTag(of scalar: Node.Scalar, in node: Node) -> Tag.Name {
    // The tag as written: empty for a plain scalar without one, which is resolved here.
    guard scalar.tag.description.isEmpty else { return Tag.Name(rawValue: node.tag.description) }
    if let first = scalar.string.utf8.first, !"0123456789+-.<~=".utf8.contains(first),
      !("yYnNtTfFoO".utf8.contains(first) && scalar.string.utf8.count <= 5)
    {
      return .str
    }
    return Resolver.default.resolveTag(of: node)
  }

  private static func scalarValue(_ scalar: Node.Scalar, tag: Tag.Name) -> Value {
    let text = scalar.string
    switch tag {
    case .null:
      return .null
    case .bool:
      return .bool(["true", "yes", "on"].contains(text.lowercased()))
    case .int:
      if let number = Int(text.replacingOccurrences(of: "_", with: "")) { return .int(number) }
      return .string(text)
    case .float:
      if let number = Double(text) { return .double(number) }
      return .string(text)
    default:
      return .string(text)
    }
  }
}

extension SourceLocation {
  /// Maps a Yams mark (relative to the YAML text) to a position in the file holding that text.
  func located(_ mark: Mark?) -> SourceLocation {
    guard let mark else { return self }
    return SourceLocation(
      file: file, line: line + mark.line - 1,
      column: mark.line == 1 ? column + mark.column - 1 : mark.column)
  }
}
