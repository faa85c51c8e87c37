// Hands the answer of an OAuth 2.0 authorization redirect back to the Swagger UI window that
// opened this page: Swagger UI's own oauth2-redirect.html, as a script file so that the page
// needs no inline script.
(function () {
  "use strict";

  function run() {
    var oauth2 = window.opener.swaggerUIRedirectOauth2;
    var sentState = oauth2.state;
    var redirectUrl = oauth2.redirectUrl;
    var query;
    if (/code|token|error/.test(window.location.hash)) {
      query = window.location.hash.substring(1).replace("?", "&");
    } else {
      query = window.location.search.substring(1);
    }
    var parameters = {};
    new URLSearchParams(query).forEach(function (value, key) {
      parameters[key] = value;
    });
    var isValid = parameters.state === sentState;
    var flow = oauth2.auth.schema.get("flow");
    var codeFlow =
      flow === "accessCode" || flow === "authorizationCode" || flow === "authorization_code";
    if (codeFlow && !oauth2.auth.code) {
      if (!isValid) {
        oauth2.errCb({
          authId: oauth2.auth.name,
          source: "auth",
          level: "warning",
          message:
            "Authorization may be unsafe, passed state was changed in server. " +
            "The passed state wasn't returned from auth server.",
        });
      }
      if (parameters.code) {
        delete oauth2.state;
        oauth2.auth.code = parameters.code;
        oauth2.callback({ auth: oauth2.auth, redirectUrl: redirectUrl });
      } else {
        var message = "[Authorization failed]: no accessCode received from the server.";
        if (parameters.error) {
          message =
            "[" + parameters.error + "]: " +
            (parameters.error_description
              ? parameters.error_description + ". "
              : "no accessCode received from the server. ") +
            (parameters.error_uri ? "More info: " + parameters.error_uri : "");
        }
        oauth2.errCb({ authId: oauth2.auth.name, source: "auth", level: "error", message: message });
      }
    } else {
      oauth2.callback({
        auth: oauth2.auth,
        token: parameters,
        isValid: isValid,
        redirectUrl: redirectUrl,
      });
    }
    window.close();
  }

  if (document.readyState !== "loading") {
    run();
  } else {
    document.addEventListener("DOMContentLoaded", run);
  }
})();
