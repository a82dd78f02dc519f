#pragma once
#include "http/message.hpp"

namespace dockpoint::http {

// A state-changing request (anything but GET/HEAD/OPTIONS) whose Origin — or,
// without one, Referer — names a site other than the Host it was sent to is a
// cross-site request forgery attempt. Requests naming neither (scripts, curl)
// pass: the SameSite cookie already keeps browsers from sending sessions.
bool IsCrossSiteWrite(const Request& request);

}  // namespace dockpoint::http
