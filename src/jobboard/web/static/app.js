// Progressive enhancement only: every page works without this file.
// The search box's suggestions (fetched by htmx into a listbox) become a keyboard-usable
// combobox: arrows move, Enter opens the chosen suggestion, Escape closes the list.
(function () {
  "use strict";

  function options(list) {
    return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
  }

  function select(input, list, index) {
    var items = options(list);
    items.forEach(function (item, position) {
      item.setAttribute("aria-selected", position === index ? "true" : "false");
    });
    if (index >= 0 && items[index]) {
      input.setAttribute("aria-activedescendant", items[index].id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close(input, list) {
    list.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function bind(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list || input.dataset.comboboxReady) {
      return;
    }
    input.dataset.comboboxReady = "1";
    list.addEventListener("htmx:afterSwap", function () {
      input.setAttribute("aria-expanded", options(list).length ? "true" : "false");
      select(input, list, -1);
    });
    input.addEventListener("keydown", function (event) {
      var items = options(list);
      if (!items.length) {
        return;
      }
      var current = items.findIndex(function (item) {
        return item.getAttribute("aria-selected") === "true";
      });
      if (event.key === "ArrowDown") {
        event.preventDefault();
        select(input, list, Math.min(current + 1, items.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        select(input, list, Math.max(current - 1, -1));
      } else if (event.key === "Enter" && current >= 0) {
        var link = items[current].querySelector("a");
        if (link) {
          event.preventDefault();
          window.location.assign(link.href);
        }
      } else if (event.key === "Escape") {
        close(input, list);
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(function () { close(input, list); }, 150);
    });
  }

  function bindAll(root) {
    var inputs = root.querySelectorAll("input[role=combobox]");
    Array.prototype.forEach.call(inputs, bind);
  }

  document.addEventListener("DOMContentLoaded", function () { bindAll(document); });
  document.addEventListener("htmx:load", function (event) { bindAll(event.target); });
})();
