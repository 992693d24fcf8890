/// A ```` ```chart ```` block: what to draw, decoded from its YAML with located errors.
///
/// The full syntax is documented in `docs/charts.md`.
struct ChartSpec {
  enum Kind: String, CaseIterable {
    case bar
    case column
    case stackedColumn = "stacked-column"
    case stackedBar = "stacked-bar"
    case groupedColumn = "grouped-column"
    case line
    case area
    case dot
    case scatter
    case waffle
    case donut
    case histogram

    /// Bars grow sideways, with categories down the left.
    var isHorizontal: Bool { self == .bar || self == .stackedBar || self == .dot }
    var isStacked: Bool { self == .stackedColumn || self == .stackedBar }
    var needsColor: Bool { self == .stackedColumn || self == .stackedBar || self == .groupedColumn }
    var hasAxes: Bool { self != .waffle && self != .donut }
    /// A phrase for screen readers: "Stacked column chart".
    var phrase: String {
      let words = String(rawValue.map { $0 == "-" ? " " : $0 })
      return words.prefix(1).uppercased() + words.dropFirst() + " chart"
    }
  }

  /// How a field of the data maps onto a channel (x, y, colour).
  struct Encoding {
    enum Scale: String, CaseIterable {
      case linear
      case log
      case time
      case band
    }

    var field: String
    var title: String?
    var format: ValueText.Format?
    var sort: [String]?
    var scale: Scale?
    /// Whether a value axis must include zero; bars and areas always do.
    var zero = false
    /// Ticks on fiscal years starting in October, labelled "FY2013".
    var fiscal = false
    var location: SourceLocation
  }

  struct Annotation {
    enum Kind: String, CaseIterable {
      case rule
      case range
      case text
    }

    var kind: Kind
    var x: [String] = []
    var y: [String] = []
    var text: String?
    var location: SourceLocation
  }

  enum Legend: String, CaseIterable {
    case auto
    case top
    case none
  }

  enum ValueLabels: String, CaseIterable {
    case end
    case inside
    case none
  }

  var id = ""
  var kind = Kind.column
  var title = ""
  var description = ""
  var data = ""
  var dataLocation: SourceLocation
  var x: Encoding?
  var y: Encoding?
  var color: Encoding?
  var facet: Encoding?
  var facetColumns = 2
  var valueLabels = ValueLabels.none
  var legend = Legend.auto
  var annotations: [Annotation] = []
  var source: String?
  var height: Double?
  var location: SourceLocation

  static let knownKeys = [
    "id", "type", "title", "description", "data", "x", "y", "color", "facet", "labels", "legend",
    "annotations", "source", "height",
  ]
  static let encodingKeys = ["field", "title", "format", "sort", "scale", "zero", "fiscal"]
  static let annotationKeys = ["type", "x", "y", "label", "text"]
}

extension ChartSpec {
  /// Parses a block whose text starts on the line after `fence`; nil after reporting problems.
  static func parse(_ text: String, fence: SourceLocation, diagnostics: inout [Diagnostic])
    -> ChartSpec?
  {
    let start = SourceLocation(file: fence.file, line: fence.line + 1, column: 1)
    guard
      let entries = YAMLNode.parseMapping(
        text, origin: start, diagnostics: &diagnostics,
        notMapping: { _, location in
          .invalidChart("write `key: value` settings, starting with `id:`", at: location)
        })
    else { return nil }
    var spec = ChartSpec(dataLocation: start, location: fence)
    let before = diagnostics.count
    var seen: Set<String> = []
    for entry in entries {
      seen.insert(entry.key)
      let node = entry.node
      switch entry.key {
      case "id":
        guard let id = node.text(for: "id", diagnostics: &diagnostics) else { continue }
        if id.slugified == id {
          spec.id = id
        } else {
          diagnostics.append(.invalidChartID(id, suggestion: id.slugified, at: node.location))
        }
      case "type":
        spec.kind = choice(node, key: "type", diagnostics: &diagnostics) ?? spec.kind
      case "title": spec.title = node.text(for: "title", diagnostics: &diagnostics) ?? ""
      case "description":
        spec.description = node.text(for: "description", diagnostics: &diagnostics) ?? ""
      case "data":
        spec.data = node.text(for: "data", diagnostics: &diagnostics) ?? ""
        spec.dataLocation = node.location
      case "x": spec.x = encoding(node, key: "x", diagnostics: &diagnostics)
      case "y": spec.y = encoding(node, key: "y", diagnostics: &diagnostics)
      case "color": spec.color = encoding(node, key: "color", diagnostics: &diagnostics)
      case "facet":
        spec.facet = encoding(node, key: "facet", extraKeys: ["columns"], diagnostics: &diagnostics)
        if case .mapping(let fields) = node.value,
          let columns = fields.first(where: { $0.key == "columns" })
        {
          if case .int(let count) = columns.node.value, (1...6).contains(count) {
            spec.facetColumns = count
          } else {
            diagnostics.append(
              .wrongType(
                key: "facet.columns", expected: "a whole number from 1 to 6", found: columns.node,
                at: columns.node.location))
          }
        }
      case "labels":
        guard case .mapping(let fields) = node.value else {
          diagnostics.append(
            .wrongType(
              key: "labels", expected: "a mapping like {values: end}", found: node,
              at: node.location))
          continue
        }
        for field in fields {
          guard field.key == "values" else {
            diagnostics.append(
              .unknownKey(
                field.key, in: "labels", suggestion: field.key.closestMatch(in: ["values"]),
                known: ["values"], at: field.keyLocation))
            continue
          }
          spec.valueLabels =
            choice(field.node, key: "labels.values", diagnostics: &diagnostics) ?? .none
        }
      case "legend": spec.legend = choice(node, key: "legend", diagnostics: &diagnostics) ?? .auto
      case "annotations": spec.annotations = annotations(node, diagnostics: &diagnostics)
      case "source": spec.source = node.text(for: "source", diagnostics: &diagnostics)
      case "height":
        if case .int(let height) = node.value, (120...1200).contains(height) {
          spec.height = Double(height)
        } else {
          diagnostics.append(
            .wrongType(
              key: "height", expected: "a whole number of pixels from 120 to 1200", found: node,
              at: node.location))
        }
      default:
        diagnostics.append(
          .unknownKey(
            entry.key, in: "the chart", suggestion: entry.key.closestMatch(in: knownKeys),
            known: knownKeys, at: entry.keyLocation))
      }
    }
    for key in ["id", "type", "title", "description", "data"] where !seen.contains(key) {
      diagnostics.append(.missingChartKey(key, at: fence))
    }
    return diagnostics.count == before ? spec : nil
  }

  private static func choice<Value: RawRepresentable & CaseIterable>(
    _ node: YAMLNode, key: String, diagnostics: inout [Diagnostic]
  ) -> Value? where Value.RawValue == String {
    guard let text = node.text(for: key, diagnostics: &diagnostics) else { return nil }
    if let value = Value(rawValue: text) { return value }
    let names = Value.allCases.map(\.rawValue)
    diagnostics.append(
      .unknownChoice(
        text, for: key, suggestion: text.closestMatch(in: names), known: names, at: node.location))
    return nil
  }

  private static func encoding(
    _ node: YAMLNode, key: String, extraKeys: [String] = [], diagnostics: inout [Diagnostic]
  ) -> Encoding? {
    if let field = node.scalarText { return Encoding(field: field, location: node.location) }
    guard case .mapping(let entries) = node.value else {
      diagnostics.append(
        .wrongType(key: key, expected: "a field name or {field: …}", found: node, at: node.location)
      )
      return nil
    }
    var encoding = Encoding(field: "", location: node.location)
    let known = encodingKeys + extraKeys
    for entry in entries {
      guard known.contains(entry.key) else {
        diagnostics.append(
          .unknownKey(
            entry.key, in: key, suggestion: entry.key.closestMatch(in: known), known: known,
            at: entry.keyLocation))
        continue
      }
      let value = entry.node
      switch entry.key {
      case "field":
        encoding.field = value.text(for: key + ".field", diagnostics: &diagnostics) ?? ""
        encoding.location = value.location
      case "title": encoding.title = value.text(for: key + ".title", diagnostics: &diagnostics)
      case "format":
        guard let text = value.text(for: key + ".format", diagnostics: &diagnostics) else {
          continue
        }
        do {
          encoding.format = try ValueText.Format(text)
        } catch {
          diagnostics.append(.invalidFormat(error.message, at: value.location))
        }
      case "sort":
        guard case .list(let items) = value.value else {
          diagnostics.append(
            .wrongType(
              key: key + ".sort", expected: "a list of values in order", found: value,
              at: value.location))
          continue
        }
        encoding.sort = items.compactMap { $0.scalarText }
      case "scale": encoding.scale = choice(value, key: key + ".scale", diagnostics: &diagnostics)
      case "zero", "fiscal":
        guard case .bool(let flag) = value.value else {
          diagnostics.append(
            .wrongType(
              key: key + "." + entry.key, expected: "true or false", found: value,
              at: value.location))
          continue
        }
        if entry.key == "zero" { encoding.zero = flag } else { encoding.fiscal = flag }
      default:
        break
      }
    }
    guard !encoding.field.isEmpty else {
      diagnostics.append(.invalidChart("`\(key)` needs a `field`", at: node.location))
      return nil
    }
    return encoding
  }

  private static func annotations(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> [Annotation]
  {
    guard case .list(let items) = node.value else {
      diagnostics.append(
        .wrongType(key: "annotations", expected: "a list", found: node, at: node.location))
      return []
    }
    var annotations: [Annotation] = []
    for item in items {
      guard case .mapping(let entries) = item.value else {
        diagnostics.append(
          .wrongType(
            key: "annotations", expected: "a list of {type, x, label}", found: item,
            at: item.location))
        continue
      }
      var annotation = Annotation(kind: .text, location: item.location)
      var hasType = false
      for entry in entries {
        guard annotationKeys.contains(entry.key) else {
          diagnostics.append(
            .unknownKey(
              entry.key, in: "an annotation",
              suggestion: entry.key.closestMatch(in: annotationKeys), known: annotationKeys,
              at: entry.keyLocation))
          continue
        }
        switch entry.key {
        case "type":
          hasType = true
          annotation.kind =
            choice(entry.node, key: "annotations.type", diagnostics: &diagnostics) ?? .text
        case "x", "y":
          let values: [String]
          if case .list(let list) = entry.node.value {
            values = list.compactMap(\.written)
          } else {
            values = entry.node.written.map { [$0] } ?? []
          }
          if entry.key == "x" { annotation.x = values } else { annotation.y = values }
        default:
          annotation.text = entry.node.text(for: entry.key, diagnostics: &diagnostics)
        }
      }
      if !hasType {
        diagnostics.append(
          .invalidChart("every annotation needs a `type`: rule, range or text", at: item.location))
      }
      annotations.append(annotation)
    }
    return annotations
  }
}
