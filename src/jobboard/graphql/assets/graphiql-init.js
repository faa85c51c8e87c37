// Starts GraphiQL on the page's #graphiql element, talking to the endpoint it names.
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var fetcher = GraphiQL.createFetcher({ url: root.getAttribute("data-endpoint") });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      // Anonymous until a token is put in Headers: {"Authorization": "Bearer ..."}.
      shouldPersistHeaders: false,
    })
  );
})();
