extension String {
  /// A URL- and id-safe form of this text: lowercase letters and digits joined by single hyphens.
  ///
  /// Letters outside ASCII are kept (lowercased) so that headings in other languages still get
  /// readable ids; punctuation and symbols are dropped. Returns an empty string when nothing is left.
  var slugified: String {
    asciiSlug ?? unicodeSlug
  }

  /// The slug for any text, character by character.
  var unicodeSlug: String {
    var slug = ""
    var pendingHyphen = false
    for character in lowercased() {
      if character.isLetter || character.isNumber {
        if pendingHyphen && !slug.isEmpty { slug.append("-") }
        pendingHyphen = false
        slug.append(character)
      } else if character.isWhitespace || character == "-" || character == "_" {
        pendingHyphen = true
      }
    }
    return slug
  }

  /// The same slug, worked out byte by byte, for text that is all ASCII (nearly every heading
  /// and tag): nil otherwise. `Character`'s Unicode properties cost far more than this needs.
  private var asciiSlug: String? {
    var slug: [UInt8] = []
    slug.reserveCapacity(utf8.count)
    var pendingHyphen = false
    for byte in utf8 {
      guard byte < 0x80 else { return nil }
      let lowered = TextScan.asciiLowercased(byte)
      if (0x61...0x7A).contains(lowered) || (0x30...0x39).contains(lowered) {
        if pendingHyphen && !slug.isEmpty { slug.append(UInt8(ascii: "-")) }
        pendingHyphen = false
        slug.append(lowered)
      } else if lowered == 0x20 || (0x09...0x0D).contains(lowered) || lowered == 0x2D
        || lowered == 0x5F
      {
        pendingHyphen = true
      }
    }
    return String(decoding: slug, as: UTF8.self)
  }
}

/// Hands out unique slugs within one scope (one page's heading ids, the site's tag URLs), adding
/// `-1`, `-2`, … to repeats in the order they are asked for, as GitHub does for headings.
struct SlugRegistry {
  private var used: Set<String> = []
  private let fallback: String

  init(fallback: String) {
    self.fallback = fallback
  }

  mutating func claim(_ text: String) -> String {
    let base = text.slugified.isEmpty ? fallback : text.slugified
    var candidate = base
    var suffix = 1
    while used.contains(candidate) {
      candidate = "\(base)-\(suffix)"
      suffix += 1
    }
    used.insert(candidate)
    return candidate
  }
}
