// libFuzzer target for the inventory's readers of outside text: the first byte picks YAML, INI or
// CSV inventory text, a vault envelope, or a templated value; the rest is the input. Each must end
// in a result or an error naming the place — never a crash, a hang or unbounded memory — and a
// vault envelope opens only to a plaintext whose HMAC matched.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "inventory/inventory.hpp"
#include "inventory/inventory_builder.hpp"
#include "inventory/vault.hpp"

using namespace licmig::inventory;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char *>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: (void)parse_inventory(text, "fuzz.yaml", InventoryFormat::yaml); break;
    case 1: (void)parse_inventory(text, "fuzz.ini", InventoryFormat::ini); break;
    case 2: (void)parse_inventory(text, "fuzz.csv", InventoryFormat::csv); break;
    case 3: {
      auto r = vault_decrypt(text, {VaultSecret{"default", "fuzz", "fuzz"}}, "fuzz");
      if (!r && r.error_message().rfind("fuzz", 0) != 0) std::abort();  // every error names the place
      break;
    }
    case 4: {
      VarMap vars;
      vars["a"] = VarValue{"{{ b }}{{ b }}", {}};
      vars["b"] = VarValue{"{{ c }}{{ c }}", {}};
      vars["c"] = VarValue{std::string(text), {}};
      vars["loop"] = VarValue{"{{ loop }}", {}};
      auto r = detail::resolve_template(std::string(text), vars, "fuzz-host");
      if (r && r->is_string() && r->get_ref<const std::string &>().size() > (2U << 20)) std::abort();
      break;
    }
    default: break;
  }
  return 0;
}
