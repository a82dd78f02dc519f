#pragma once
// Files compiled into the binary by cmake/embed_files.cmake.
#include <span>
#include <string_view>

namespace dockpoint {

struct EmbeddedFile {
    std::string_view path;  // relative to the embedded folder, '/'-separated
    std::string_view data;
};

namespace embedded {
std::span<const EmbeddedFile> web();                    // the console: pages and static/
std::span<const EmbeddedFile> sqlite_migrations();      // NNNN_name.sql, applied in order
std::span<const EmbeddedFile> postgresql_migrations();  // the same for PostgreSQL
}  // namespace embedded

}  // namespace dockpoint
