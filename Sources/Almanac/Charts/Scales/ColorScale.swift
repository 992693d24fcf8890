/// Colours for series and values. Marks carry a class bound to a CSS custom property (so the
/// theme's dark mode recolours charts without rebuilding them) and, for SVG shown outside the
/// page, the light theme's colour as a fill attribute.
enum ColorScale {
  /// Okabe-Ito hues, darkened where needed to reach 3:1 against the light background; the theme
  /// defines `--chart-1` … `--chart-6` with these and lighter dark-mode variants.
  static let categorical = ["#0072B2", "#C44E00", "#007A5A", "#B0467F", "#7A5C00", "#5B4BA8"]
  /// Seven steps from light to dark for sequential values (`--chart-seq-1` … `--chart-seq-7`).
  static let sequential = [
    "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b",
  ]

  /// The class and fallback fill of the `index`th series (wrapping after six).
  static func series(_ index: Int) -> (className: String, fill: String) {
    let position = index % categorical.count
    return ("c\(position + 1)", categorical[position])
  }

  /// The class and fallback fill for a value in a sequential domain, in seven equal steps.
  static func step(_ value: Double, domain: (Double, Double)) -> (className: String, fill: String) {
    let span = domain.1 - domain.0
    let fraction = span > 0 && value.isFinite ? (value - domain.0) / span : 0
    let index = min(sequential.count - 1, max(0, Int(fraction * Double(sequential.count))))
    return ("q\(index + 1)", sequential[index])
  }
}
