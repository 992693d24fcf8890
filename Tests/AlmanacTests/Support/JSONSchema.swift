import Foundation

/// A small JSON Schema validator for the keywords the repository's schemas use: `type`,
/// `required`, `properties`, `additionalProperties: false`, `items`, `enum` and `minimum`.
enum JSONSchema {
  static func problems(_ value: Any, against schema: [String: Any], at path: String = "$")
    -> [String]
  {
    var problems: [String] = []
    if let type = schema["type"] as? String, !matches(value, type: type) {
      return ["\(path) is not a \(type)"]
    }
    if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { "\($0)" == "\(value)" }) {
      problems.append("\(path) is \(value), not one of \(allowed)")
    }
    if let minimum = schema["minimum"] as? Double, let number = (value as? NSNumber)?.doubleValue,
      number < minimum
    {
      problems.append("\(path) is below \(minimum)")
    }
    if let object = value as? [String: Any] {
      let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
      for key in schema["required"] as? [String] ?? [] where object[key] == nil {
        problems.append("\(path).\(key) is missing")
      }
      for (key, member) in object {
        if let propertySchema = properties[key] {
          problems += self.problems(member, against: propertySchema, at: "\(path).\(key)")
        } else if schema["additionalProperties"] as? Bool == false {
          problems.append("\(path).\(key) is not allowed")
        }
      }
    }
    if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
      for (index, item) in array.enumerated() {
        problems += self.problems(item, against: items, at: "\(path)[\(index)]")
      }
    }
    return problems
  }

  private static func matches(_ value: Any, type: String) -> Bool {
    switch type {
    case "object": return value is [String: Any]
    case "array": return value is [Any]
    case "string": return value is String
    case "boolean": return (value as? NSNumber).map { isBoolean($0) } ?? (value is Bool)
    case "integer":
      return (value as? NSNumber).map {
        !isBoolean($0) && $0.doubleValue == $0.doubleValue.rounded()
      } ?? false
    case "number": return (value as? NSNumber).map { !isBoolean($0) } ?? false
    default: return false
    }
  }

  /// JSONSerialization hands booleans back as NSNumber; tell them apart from 0 and 1.
  private static func isBoolean(_ number: NSNumber) -> Bool {
    String(cString: number.objCType) == "c"
  }
}
