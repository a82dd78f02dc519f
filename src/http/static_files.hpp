#pragma once
// The console's pages and assets: from files embedded in the binary, or from a
// --web-root directory of the same layout. Nothing outside the root is served.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace dockpoint::http {

// Checks a decoded request path ("/static/css/a.css") and returns the relative
// file path ("static/css/a.css"); empty for anything that could leave the root:
// "..", ".", empty segments, backslashes, NUL or other control characters.
std::optional<std::string> SafeRelativePath(std::string_view decoded_path);

std::string_view ContentTypeFor(std::string_view file_path);

class StaticFiles {
public:
    static StaticFiles Embedded();
    // Throws std::runtime_error when the directory does not exist.
    static StaticFiles FromDirectory(const std::filesystem::path& root);

    // The file at relative_path (already checked by SafeRelativePath), with
    // Content-Type and ETag; 304 when if_none_match names the current ETag.
    std::optional<Response> Serve(const std::string& relative_path,
                                  std::string_view if_none_match) const;
    bool embedded() const { return root_.empty(); }

private:
    struct File {
        std::string_view data;
        std::string etag;
    };
    std::optional<std::string> ReadFromRoot(const std::string& relative_path) const;

    std::map<std::string, File, std::less<>> embedded_;
    std::filesystem::path root_;  // canonical; empty for the embedded files
};

}  // namespace dockpoint::http
