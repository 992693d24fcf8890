/// Sizes shared by every chart, in CSS pixels. Text stays 12 px in both variants, so labels
/// are legible on a 360 px phone.
enum ChartStyle {
  static let fontSize = 12.0
  static let lineHeight = 14.0
  static let tickSize = 5.0
  static let tickPadding = 4.0
  /// The least space between two axis labels.
  static let labelGap = 8.0
  static let xTickSpacing = 80.0
  static let yTickSpacing = 40.0
  static let fontFamily = "Helvetica, Arial, 'Liberation Sans', Arimo, sans-serif"

  /// The two widths every chart is drawn at; CSS shows the one that fits its container.
  enum Variant: String, CaseIterable {
    case wide
    case narrow

    var width: Double { self == .wide ? 640 : 340 }
  }
}

/// A rectangle in SVG coordinates: the plot area of a chart or a facet panel.
struct PlotFrame {
  var x: Double
  var y: Double
  var width: Double
  var height: Double

  var maxX: Double { x + width }
  var maxY: Double { y + height }
}
