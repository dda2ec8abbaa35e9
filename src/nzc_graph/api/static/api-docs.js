/* Swagger UI (npm swagger-ui-dist, served from /vendor/) over this server's OpenAPI schema.
 * The schema URL comes from the page (data-openapi-url); the validator badge, which would call
 * another host, is off. */
(function () {
  "use strict";
  var host = document.getElementById("swagger-ui");
  if (!host || typeof window.SwaggerUIBundle === "undefined") {
    return;
  }
  var url = new URL(host.getAttribute("data-openapi-url"), window.location.href);
  if (url.origin !== window.location.origin) {
    url = new URL(url.pathname, window.location.origin);
  }
  window.SwaggerUIBundle({
    url: url.href,
    dom_id: "#swagger-ui",
    validatorUrl: null,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
