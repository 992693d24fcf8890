import Foundation

/// Charts on two axes: bars, columns (stacked or grouped), lines, areas, dot plots, scatter
/// plots and histograms, alone or as small multiples that share their scales.
struct CartesianChart {
  let spec: ChartSpec
  let data: ChartData

  /// Everything a variant's layout decided, so the description and table can reuse it.
  struct Drawing {
    var svg = SVGWriter()
    var width: Double
    var height: Double
    var formats: ChartFormats
  }

  private enum ValueScale {
    case linear(LinearScale)
    case log(LogScale)

    func callAsFunction(_ value: Double) -> Double {
      switch self {
      case .linear(let scale): return scale(value)
      case .log(let scale): return scale(value)
      }
    }

    var ticks: [Double] {
      switch self {
      case .linear(let scale): return scale.ticks.map(\.value)
      case .log(let scale): return scale.ticks
      }
    }

    var decimals: Int {
      switch self {
      case .linear(let scale): return scale.tickDecimals
      case .log(let scale):
        return scale.ticks.map { $0 < 1 ? Int((-log10($0)).rounded(.up)) : 0 }.max() ?? 0
      }
    }
  }

  private enum XScale {
    case band(BandScale)
    case linear(LinearScale)
    case log(LogScale)
    case time(TimeScale)

    func position(_ value: ChartData.Position) -> Double? {
      switch (self, value) {
      case (.band(let scale), .category(let name)): return scale.center(of: name)
      case (.linear(let scale), .number(let number)): return scale(number)
      case (.log(let scale), .number(let number)): return number > 0 ? scale(number) : nil
      case (.time(let scale), .date(let date)): return scale(date)
      default: return nil
      }
    }
  }

  func draw(_ variant: ChartStyle.Variant) -> Drawing {
    let kind = spec.kind
    let width = variant.width
    let xSpacing = variant == .wide ? ChartStyle.xTickSpacing : ChartStyle.xTickSpacing * 0.75
    let bins = kind == .histogram ? Histogram(points: data.points) : nil
    let points = bins?.points ?? data.points
    let facets: [String?] = data.facets.isEmpty ? [nil] : data.facets
    let columns = min(
      facets.count, variant == .narrow ? min(2, spec.facetColumns) : spec.facetColumns)
    let rows = (facets.count + columns - 1) / columns
    let seriesNames = data.series
    let lineLabels = (kind == .line) && seriesNames.count > 1 && spec.legend != .top
    let useLegend = seriesNames.count > 1 && spec.legend != .none && !lineLabels
    let legendHeight = useLegend ? Legend.height(for: seriesNames, width: width - 8) + 6 : 0
    let facetTitle = facets.count > 1 ? ChartStyle.lineHeight + 6 : 0

    // Plot height inside one panel.
    let categoryStep = variant == .wide ? 28.0 : 26.0
    let plotHeight: Double
    if kind.isHorizontal {
      plotHeight = max(
        60,
        Double(data.categories.count) * categoryStep * (kind == .dot || facets.count == 1 ? 1 : 0.8)
      )
    } else if facets.count > 1 {
      plotHeight = variant == .wide ? 150 : 120
    } else {
      plotHeight = (spec.height ?? 300) * (variant == .wide ? 1 : 0.85)
    }

    // The value scale (y for vertical charts, x for horizontal ones).
    let valueEncoding = kind.isHorizontal ? spec.x : spec.y
    let values = valueExtent(points)
    let includeZero =
      valueEncoding?.zero == true || kind != .line && kind != .scatter && kind != .dot
    let panelWidth = width / Double(columns)
    let xDecimals: Int
    var valueScale: ValueScale
    var xScale: XScale?
    // Axis titles: the value axis's above the plot (vertical charts), the x axis's below it.
    let yTitle = kind.isHorizontal ? nil : spec.y?.title
    let xTitle = spec.x?.title
    let yTitleHeight = yTitle == nil ? 0 : ChartStyle.lineHeight + 4
    var margin = (
      top: 6 + legendHeight + yTitleHeight + facetTitle, right: 12.0, bottom: 0.0, left: 0.0
    )

    if kind.isHorizontal {
      let labelWidth = min(panelWidth * 0.4, data.categories.map(Axis.labelWidth).max() ?? 0)
      margin.left = labelWidth + ChartStyle.tickPadding + 4
      margin.bottom = ChartStyle.tickSize + ChartStyle.tickPadding + ChartStyle.lineHeight + 2
      let provisional = ChartFormats(spec: spec, data: data, valueDecimals: 0, xDecimals: 0)
      if spec.valueLabels == .end {
        margin.right = 8 + (values.map { Axis.labelWidth(provisional.value($0)) }.max() ?? 0)
      }
      let range = (margin.left, panelWidth - margin.right)
      valueScale = makeValueScale(
        values, range: range, includeZero: includeZero, encoding: valueEncoding,
        spacing: xSpacing)
      xDecimals = 0
    } else {
      let range = (margin.top + plotHeight, margin.top)
      valueScale = makeValueScale(
        values, range: range, includeZero: includeZero, encoding: valueEncoding,
        spacing: ChartStyle.yTickSpacing)
      xDecimals = 0
    }
    var formats = ChartFormats(
      spec: spec, data: data, valueDecimals: valueScale.decimals, xDecimals: xDecimals)

    if !kind.isHorizontal {
      let tickLabels = valueScale.ticks.map { formats.value($0) }
      margin.left = (tickLabels.map(Axis.labelWidth).max() ?? 0) + ChartStyle.tickPadding + 4
      if lineLabels {
        margin.right = 8 + (seriesNames.map(Axis.labelWidth).max() ?? 0)
      } else if spec.valueLabels == .end && kind == .line {
        margin.right = 8 + (values.map { Axis.labelWidth(formats.value($0)) }.max() ?? 0)
      }
      let range = (margin.left, panelWidth - margin.right)
      let xValues = points.map(\.x)
      if let first = xValues.first, case .date = first {
        let scale = TimeScale(
          dates: xValues.compactMap(\.date), range: range, tickSpacing: xSpacing,
          fiscalYearStartMonth: spec.x?.fiscal == true ? 10 : nil)
        xScale = .time(scale)
        let twoLines = scale.labels.contains { $0.line2 != nil }
        margin.bottom =
          ChartStyle.tickSize + ChartStyle.tickPadding + ChartStyle.lineHeight * (twoLines ? 2 : 1)
          + 2
      } else if let first = xValues.first, case .number = first {
        let numbers = bins?.edges ?? xValues.compactMap(\.number)
        if spec.x?.scale == .log {
          xScale = .log(
            LogScale(values: numbers, range: range, tickSpacing: xSpacing))
          margin.bottom = ChartStyle.tickSize + ChartStyle.tickPadding + ChartStyle.lineHeight + 2
        }
        let scale = LinearScale(
          values: numbers, range: range, includeZero: spec.x?.zero ?? false, tickSpacing: xSpacing,
          nice: kind == .scatter || kind == .histogram)
        if xScale == nil { xScale = .linear(scale) }
        formats = ChartFormats(
          spec: spec, data: data, valueDecimals: valueScale.decimals, xDecimals: scale.tickDecimals)
        margin.bottom = ChartStyle.tickSize + ChartStyle.tickPadding + ChartStyle.lineHeight + 2
      } else {
        let band = BandScale(
          domain: data.categories, range: range, paddingInner: kind == .groupedColumn ? 0.2 : 0.15,
          paddingOuter: 0.1)
        xScale = .band(band)
        margin.bottom = ChartStyle.tickSize + ChartStyle.tickPadding + ChartStyle.lineHeight + 2
      }
    }

    if xTitle != nil { margin.bottom += ChartStyle.lineHeight + 2 }
    let panelHeight = margin.top + plotHeight + margin.bottom
    let height = panelHeight * Double(rows) + (rows > 1 ? Double(rows - 1) * 8 : 0)
    var drawing = Drawing(width: width, height: height, formats: formats)
    if useLegend {
      Legend.draw(seriesNames, at: (4, 4), width: width - 8, svg: &drawing.svg)
    }
    if let yTitle {
      drawing.svg.element(
        "text",
        [
          ("class", .text("axis-title")), ("x", .number(4)),
          ("y", .number(6 + legendHeight + ChartStyle.lineHeight / 2)), ("dy", .text("0.32em")),
        ], text: TextMetrics.truncated(yTitle, toWidth: width - 8, fontSize: ChartStyle.fontSize))
    }
    if let xTitle {
      drawing.svg.element(
        "text",
        [
          ("class", .text("axis-title")), ("x", .number(panelWidth - margin.right)),
          ("y", .number(panelHeight - ChartStyle.lineHeight / 2 - 2)), ("dy", .text("0.32em")),
          ("text-anchor", .text("end")),
        ],
        text: TextMetrics.truncated(
          xTitle, toWidth: panelWidth - margin.right - 4, fontSize: ChartStyle.fontSize))
    }
    let frame = PlotFrame(
      x: margin.left, y: margin.top, width: panelWidth - margin.left - margin.right,
      height: plotHeight)
    for (index, facet) in facets.enumerated() {
      let panelX = Double(index % columns) * panelWidth
      let panelY = Double(index / columns) * (panelHeight + 8)
      var panel = SVGWriter()
      if let facet {
        panel.element(
          "text",
          [("class", .text("facet-title")), ("x", .number(frame.x)), ("y", .number(frame.y - 8))],
          text: facet)
      }
      let panelPoints = points.filter { $0.facet == facet }
      drawPanel(
        panelPoints, frame: frame, valueScale: valueScale, xScale: xScale, formats: formats,
        lineLabels: lineLabels,
        binEdges: bins?.edges ?? [], svg: &panel)
      if panelX == 0 && panelY == 0 {
        drawing.svg.append(panel)
      } else {
        drawing.svg.open(
          "g",
          [
            (
              "transform",
              .text("translate(\(SVGWriter.number(panelX)),\(SVGWriter.number(panelY)))")
            )
          ])
        drawing.svg.append(panel)
        drawing.svg.close("g")
      }
    }
    return drawing
  }

  private func makeValueScale(
    _ values: [Double], range: (Double, Double), includeZero: Bool, encoding: ChartSpec.Encoding?,
    spacing: Double
  ) -> ValueScale {
    if encoding?.scale == .log {
      return .log(LogScale(values: values, range: range, tickSpacing: spacing))
    }
    return .linear(
      LinearScale(values: values, range: range, includeZero: includeZero, tickSpacing: spacing))
  }

  /// The values the value axis must show: stack totals (positive and negative) for stacked
  /// charts, single values otherwise.
  private func valueExtent(_ points: [ChartData.Point]) -> [Double] {
    let valueOf: (ChartData.Point) -> Double? = {
      spec.kind.isHorizontal ? $0.x.number : $0.y.number
    }
    let stacked = spec.kind.isStacked || (spec.kind == .area && data.series.count > 1)
    switch stacked {
    case true:
      var positive: [String: Double] = [:]
      var negative: [String: Double] = [:]
      for point in points {
        let key = (point.facet ?? "") + "\u{1F}" + stackKey(point)
        let value = valueOf(point) ?? 0
        if value >= 0 {
          positive[key, default: 0] += value
        } else {
          negative[key, default: 0] += value
        }
      }
      return Array(positive.values) + Array(negative.values) + [0]
    case false:
      return points.compactMap(valueOf)
    }
  }

  private func stackKey(_ point: ChartData.Point) -> String {
    switch spec.kind.isHorizontal ? point.y : point.x {
    case .category(let name): return name
    case .number(let number): return SVGWriter.number(number)
    case .date(let date): return date.iso
    }
  }

  private func drawPanel(
    _ points: [ChartData.Point], frame: PlotFrame, valueScale: ValueScale, xScale: XScale?,
    formats: ChartFormats,
    lineLabels: Bool, binEdges: [Double], svg: inout SVGWriter
  ) {
    let kind = spec.kind
    let seriesIndex: (ChartData.Point) -> Int = { point in
      point.series.flatMap { data.series.firstIndex(of: $0) } ?? 0
    }
    let valueTicks = valueScale.ticks.map {
      Axis.Tick(position: valueScale($0), label: (formats.value($0), nil))
    }

    if kind.isHorizontal {
      let band = BandScale(
        domain: data.categories, range: (frame.y, frame.maxY),
        paddingInner: kind == .dot ? 0.6 : 0.2, paddingOuter: 0.1)
      Axis.bottom(valueTicks, frame: frame, grid: true, svg: &svg)
      Axis.categories(data.categories, band: band, frame: frame, svg: &svg)
      let notes = annotationNotes(valueScale: valueScale, xScale: nil, horizontal: true)
      AnnotationMark.drawBackground(notes, frame: frame, svg: &svg)
      if kind == .dot {
        let dots = points.compactMap { point -> DotMark.Dot? in
          guard let name = point.y.category, let center = band.center(of: name),
            let value = point.x.number
          else { return nil }
          let label = [point.series, name].compactMap { $0 }.joined(separator: " · ")
          return DotMark.Dot(
            x: valueScale(value), y: center, color: ColorScale.series(seriesIndex(point)),
            tooltip: "\(label): \(formats.value(value))")
        }
        DotMark.draw(dots, svg: &svg)
      } else {
        var bars: [BarMark.Bar] = []
        var labels: [TextMark.Label] = []
        var stacks = Stacks()
        for point in orderedForStacking(points) {
          guard let name = point.y.category, let start = band.start(of: name),
            let value = point.x.number
          else { continue }
          let base = kind.isStacked ? stacks.add(value, to: name) : 0
          let x0 = valueScale(base)
          let x1 = valueScale(base + value)
          let tooltip =
            ([point.series, name].compactMap { $0 }.joined(separator: " · ")) + ": "
            + formats.value(value)
          bars.append(
            BarMark.Bar(
              x: min(x0, x1), y: start, width: abs(x1 - x0), height: band.bandwidth,
              series: kind.isStacked ? seriesIndex(point) : 0, tooltip: tooltip))
          if spec.valueLabels == .end && !kind.isStacked {
            labels.append(
              TextMark.Label(
                text: formats.value(value), x: max(x0, x1) + 4, y: start + band.bandwidth / 2))
          }
        }
        BarMark.draw(bars, svg: &svg)
        if kind.isStacked && spec.valueLabels == .end {
          for name in data.categories {
            guard let start = band.start(of: name), let total = stacks.positive[name] else {
              continue
            }
            labels.append(
              TextMark.Label(
                text: formats.value(total), x: valueScale(total) + 4, y: start + band.bandwidth / 2)
            )
          }
        }
        TextMark.draw(TextMark.withoutCollisions(labels), svg: &svg)
      }
      AnnotationMark.drawForeground(notes, frame: frame, svg: &svg)
      return
    }

    Axis.left(valueTicks, frame: frame, grid: true, svg: &svg)
    guard let xScale else { return }
    switch xScale {
    case .band(let band):
      let ticks = data.categories.compactMap { name in
        band.center(of: name).map { Axis.Tick(position: $0, label: (name, nil)) }
      }
      Axis.bottom(ticks, frame: frame, grid: false, svg: &svg)
    case .linear(let scale):
      let ticks = scale.ticks.map {
        Axis.Tick(position: scale($0.value), label: (formats.x($0.value), nil))
      }
      Axis.bottom(ticks, frame: frame, grid: false, svg: &svg)
    case .log(let scale):
      let ticks = scale.ticks.map { Axis.Tick(position: scale($0), label: (formats.x($0), nil)) }
      Axis.bottom(ticks, frame: frame, grid: false, svg: &svg)
    case .time(let scale):
      let ticks = zip(scale.ticks, scale.labels).map {
        Axis.Tick(position: scale($0), label: ($1.line1, $1.line2))
      }
      Axis.bottom(ticks, frame: frame, grid: false, svg: &svg)
    }

    let notes = annotationNotes(valueScale: valueScale, xScale: xScale, horizontal: false)
    AnnotationMark.drawBackground(notes, frame: frame, svg: &svg)
    switch kind {
    case .column, .stackedColumn, .groupedColumn, .histogram:
      drawColumns(
        points, frame: frame, valueScale: valueScale, xScale: xScale, formats: formats,
        binEdges: binEdges,
        seriesIndex: seriesIndex, svg: &svg)
    case .line, .area:
      drawLines(
        points, frame: frame, valueScale: valueScale, xScale: xScale, formats: formats,
        lineLabels: lineLabels, svg: &svg)
    default:
      let domain = (points.compactMap(\.shade).min() ?? 0, points.compactMap(\.shade).max() ?? 1)
      let dots = points.compactMap { point -> DotMark.Dot? in
        guard let x = xScale.position(point.x), let value = point.y.number else { return nil }
        let color =
          point.shade.map { ColorScale.step($0, domain: domain) }
          ?? ColorScale.series(seriesIndex(point))
        let name = point.series.map { "\($0) · " } ?? ""
        return DotMark.Dot(
          x: x, y: valueScale(value), color: color,
          tooltip: "\(name)\(formats.text(of: point.x)), \(formats.value(value))")
      }
      DotMark.draw(dots, svg: &svg)
    }
    AnnotationMark.drawForeground(notes, frame: frame, svg: &svg)
  }

  private func drawColumns(
    _ points: [ChartData.Point], frame: PlotFrame, valueScale: ValueScale, xScale: XScale,
    formats: ChartFormats,
    binEdges: [Double], seriesIndex: (ChartData.Point) -> Int, svg: inout SVGWriter
  ) {
    var bars: [BarMark.Bar] = []
    var labels: [TextMark.Label] = []
    var stacks = Stacks()
    for point in orderedForStacking(points) {
      guard let value = point.y.number else { continue }
      var left: Double
      var barWidth: Double
      switch (xScale, point.x) {
      case (.band(let band), .category(let name)):
        guard let start = band.start(of: name) else { continue }
        left = start
        barWidth = band.bandwidth
        if spec.kind == .groupedColumn, data.series.count > 1 {
          let inner = BandScale(
            domain: data.series, range: (0, band.bandwidth), paddingInner: 0.05, paddingOuter: 0)
          left += inner.start(of: point.series ?? "") ?? 0
          barWidth = inner.bandwidth
        }
      case (.linear(let scale), .number(let low)):
        guard let edges = Histogram.edges(containing: low, in: binEdges) else { continue }
        left = scale(edges.0)
        barWidth = max(1, scale(edges.1) - left - 1)
      default:
        continue
      }
      let key = stackKey(point)
      let base = spec.kind.isStacked ? stacks.add(value, to: key) : 0
      let y0 = valueScale(base)
      let y1 = valueScale(base + value)
      let name = [point.series, formats.text(of: point.x)].compactMap { $0 }.joined(
        separator: " · ")
      bars.append(
        BarMark.Bar(
          x: left, y: min(y0, y1), width: barWidth, height: abs(y1 - y0),
          series: spec.kind == .stackedColumn || spec.kind == .groupedColumn
            ? seriesIndex(point) : 0,
          tooltip: "\(name): \(formats.value(value))"))
      if spec.valueLabels == .end && !spec.kind.isStacked {
        labels.append(
          TextMark.Label(
            text: formats.value(value), x: left + barWidth / 2, y: min(y0, y1) - 8, anchor: "middle"
          ))
      }
    }
    BarMark.draw(bars, svg: &svg)
    TextMark.draw(TextMark.withoutCollisions(labels), svg: &svg)
  }

  private func drawLines(
    _ points: [ChartData.Point], frame: PlotFrame, valueScale: ValueScale, xScale: XScale,
    formats: ChartFormats,
    lineLabels: Bool, svg: inout SVGWriter
  ) {
    let names: [String?] = data.series.isEmpty ? [nil] : data.series
    var baseline: [String: Double] = [:]
    var ends: [(desired: Double, name: String, series: Int, x: Double)] = []
    svg.open("g", [("class", .text("marks lines"))])
    for (index, name) in names.enumerated() {
      let seriesPoints = points.filter { $0.series == name }
        .compactMap { point -> (x: Double, value: Double, key: String)? in
          guard let x = xScale.position(point.x), let value = point.y.number else { return nil }
          return (x, value, stackKey(point))
        }
        .sorted { $0.x < $1.x }
      guard let last = seriesPoints.last else { continue }
      if spec.kind == .area {
        let stacked = names.count > 1
        let bottom = seriesPoints.map {
          (x: $0.x, y: valueScale(stacked ? baseline[$0.key, default: 0] : 0))
        }
        let top = seriesPoints.map { point -> (x: Double, y: Double) in
          let base = stacked ? baseline[point.key, default: 0] : 0
          return (point.x, valueScale(base + point.value))
        }
        if stacked { for point in seriesPoints { baseline[point.key, default: 0] += point.value } }
        AreaMark.draw(top: top, bottom: bottom, series: index, name: name, svg: &svg)
        if let end = top.last, let name { ends.append((end.y, name, index, end.x)) }
      } else {
        let line = seriesPoints.map { (x: $0.x, y: valueScale($0.value)) }
        LineMark.draw(line, series: index, name: name, svg: &svg)
        if let name { ends.append((valueScale(last.value), name, index, last.x)) }
      }
    }
    svg.close("g")
    if lineLabels
      && LabelPlacement.fits(
        count: ends.count, spacing: ChartStyle.lineHeight, lower: frame.y, upper: frame.maxY)
    {
      let sorted = ends.sorted { $0.desired < $1.desired }
      let placed = LabelPlacement.spread(
        sorted.map(\.desired), spacing: ChartStyle.lineHeight, lower: frame.y, upper: frame.maxY)
      TextMark.draw(
        zip(sorted, placed).map { end, y in
          TextMark.Label(text: end.name, x: frame.maxX + 6, y: y, series: end.series)
        },
        svg: &svg)
    } else if spec.valueLabels == .end, names.count == 1,
      let lastPoint = points.last(where: { xScale.position($0.x) != nil }),
      let x = xScale.position(lastPoint.x), let value = lastPoint.y.number
    {
      TextMark.draw(
        [TextMark.Label(text: formats.value(value), x: x + 6, y: valueScale(value))], svg: &svg)
    }
  }

  /// Points in series order, so stacks build in the legend's order.
  private func orderedForStacking(_ points: [ChartData.Point]) -> [ChartData.Point] {
    guard spec.kind.isStacked else { return points }
    return points.enumerated().sorted { lhs, rhs in
      let left = data.series.firstIndex(of: lhs.element.series ?? "") ?? 0
      let right = data.series.firstIndex(of: rhs.element.series ?? "") ?? 0
      return (left, lhs.offset) < (right, rhs.offset)
    }.map(\.element)
  }

  private func annotationNotes(
    valueScale: ValueScale, xScale: XScale?, horizontal: Bool
  ) -> [AnnotationMark.Note] {
    var notes: [AnnotationMark.Note] = []
    for annotation in spec.annotations {
      // x annotations lie along the x axis; on horizontal charts that is the value axis.
      let alongX = !annotation.x.isEmpty
      let written = alongX ? annotation.x : annotation.y
      let positions = written.compactMap { text -> Double? in
        if alongX && !horizontal {
          return xScale.flatMap { scale in position(of: text, on: scale) }
        }
        return Double(text).map { valueScale($0) }
      }
      guard positions.count == written.count, !positions.isEmpty else { continue }
      var note = AnnotationMark.Note(
        kind: annotation.kind, positions: positions, vertical: alongX, text: annotation.text)
      if annotation.kind == .text, alongX, let y = annotation.y.first.flatMap(Double.init) {
        note.y = valueScale(y)
      }
      notes.append(note)
    }
    return notes
  }

  /// Where written annotation text (a date, number or category) falls on the x scale.
  private func position(of text: String, on scale: XScale) -> Double? {
    switch scale {
    case .time: return ChartData.date(from: .text(text)).flatMap { scale.position(.date($0)) }
    case .linear, .log: return Double(text).flatMap { scale.position(.number($0)) }
    case .band: return scale.position(.category(text))
    }
  }

  /// Whether every annotation value fits its axis, for a located error before drawing.
  static func annotationProblems(_ spec: ChartSpec, data: ChartData) -> [(String, SourceLocation)] {
    var problems: [(String, SourceLocation)] = []
    let timeAxis = data.points.first.map { if case .date = $0.x { true } else { false } } ?? false
    for annotation in spec.annotations {
      for value in annotation.x where !spec.kind.isHorizontal {
        let fits =
          timeAxis
          ? ChartData.date(from: .text(value)) != nil
          : (Double(value) != nil || data.categories.contains(value))
        if !fits { problems.append((value, annotation.location)) }
      }
      for value in annotation.y where Double(value) == nil {
        problems.append((value, annotation.location))
      }
    }
    return problems
  }
}

/// Running totals per stack: positive values stack up from zero and negative values down, so
/// every stack's segments add up to its data.
struct Stacks {
  private(set) var positive: [String: Double] = [:]
  private(set) var negative: [String: Double] = [:]

  /// Adds `value` to the stack `key` and returns where its segment starts.
  mutating func add(_ value: Double, to key: String) -> Double {
    if value >= 0 {
      let base = positive[key, default: 0]
      positive[key] = base + value
      return base
    }
    let base = negative[key, default: 0]
    negative[key] = base + value
    return base
  }
}
