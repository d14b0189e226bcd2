// The digest import page: drop files onto the file input and check the limits before
// uploading. Both are conveniences; the server checks the limits again.
(function () {
  "use strict";

  function megabytes(bytes) {
    return bytes < 1048576 ? Math.ceil(bytes / 1024) + " KB" : (bytes / 1048576).toFixed(1) + " MB";
  }

  function setUp(zone) {
    var input = zone.querySelector('input[type="file"]');
    var list = zone.querySelector(".dropzone-files");
    var hint = zone.querySelector(".dropzone-hint");
    var error = document.getElementById("files-client-error");
    var form = input.form;
    var maxFiles = parseInt(input.dataset.maxFiles, 10);
    var maxBytes = parseInt(input.dataset.maxBytes, 10);

    function problems() {
      var found = [];
      var files = Array.prototype.slice.call(input.files || []);
      if (files.length > maxFiles) {
        found.push("You chose " + files.length + " files; at most " + maxFiles + " can be uploaded at once.");
      }
      files.forEach(function (file) {
        if (file.size > maxBytes) {
          found.push(file.name + " is " + megabytes(file.size) + ", over the " + megabytes(maxBytes) + " limit.");
        }
      });
      return found;
    }

    function show() {
      list.textContent = "";
      Array.prototype.forEach.call(input.files || [], function (file) {
        var item = document.createElement("li");
        item.textContent = file.name + " (" + megabytes(file.size) + ")";
        list.appendChild(item);
      });
      var found = problems();
      error.textContent = found.join(" ");
      error.hidden = found.length === 0;
    }

    if (hint && "DataTransfer" in window) {
      hint.hidden = false;
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) {
          event.preventDefault();
          zone.classList.add("dragging");
        });
      });
      ["dragleave", "drop"].forEach(function (name) {
        zone.addEventListener(name, function () {
          zone.classList.remove("dragging");
        });
      });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        if (event.dataTransfer && event.dataTransfer.files.length) {
          input.files = event.dataTransfer.files;
          show();
        }
      });
    }
    input.addEventListener("change", show);
    form.addEventListener("submit", function (event) {
      if (problems().length) {
        event.preventDefault();
        show();
        error.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-dropzone]"), setUp);
  });
})();
