#include "cel/types.h"

namespace okno::cel {

std::string CelType::Name() const {
  switch (kind) {
    case Kind::kDyn:
      return "dyn";
    case Kind::kNull:
      return "null_type";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kUint:
      return "uint";
    case Kind::kDouble:
      return "double";
    case Kind::kString:
      return "string";
    case Kind::kBytes:
      return "bytes";
    case Kind::kList:
      return "list(" + Param(0).Name() + ")";
    case Kind::kMap:
      return "map(" + Param(0).Name() + ", " + Param(1).Name() + ")";
    case Kind::kTimestamp:
      return "google.protobuf.Timestamp";
    case Kind::kDuration:
      return "google.protobuf.Duration";
    case Kind::kType:
      return "type";
    case Kind::kRecord:
      return record;
  }
  return "dyn";
}

}  // namespace okno::cel
