#include "snapshot/parsers.hpp"

namespace licmig::snapshot {

Parsed<PakSnapshot> parse_show_pak_info(std::string_view) { return Parsed<PakSnapshot>::not_this("parser not written yet"); }

}  // namespace licmig::snapshot
