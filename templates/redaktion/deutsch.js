// Decap's German texts, as editors of the Familienwegweiser read them: "Eintrag" (as in the guide) instead of
// "Beitrag", no English ("Login", "Expand", "Close"), no "Lösche Beitrag", no "..", and the field errors in
// ordinary letters (Decap sets them in capitals). Keys: decap-cms-locales/src/de/index.js (3.16.3); keys the
// German file lacks fall back to English there, so they are set here too. Decap starts after all our scripts,
// so the texts are registered before its first screen.
(function () {
  var texts = {
    auth: {
      login: "Anmelden",
      loginWithGitHub: "Mit GitHub anmelden",
      loginWithGitLab: "Mit GitLab anmelden",
      loggingIn: "Anmeldung läuft …",
      errors: {
        email: "Bitte geben Sie Ihre E-Mail-Adresse ein.",
        identitySettings: "Die Anmeldung ist nicht eingerichtet: Identity und Git Gateway fehlen beim Anbieter."
      }
    },
    app: {
      header: {content: "Einträge", workflow: "Arbeitsablauf", media: "Bilder und Dateien", quickAdd: "Neu anlegen"},
      app: {
        errorHeader: "Das Formular ließ sich nicht laden.",
        configErrors: "Fehler in der Einrichtung",
        checkConfigYml: "Starten Sie „wegweiser serve --redaktion“ neu oder melden Sie den Fehler.",
        loadingConfig: "Formular wird geladen …",
        waitingBackend: "Warte auf den Speicherdienst …"
      },
      notFoundPage: {header: "Diese Seite gibt es im Formular nicht."}
    },
    collection: {
      sidebar: {collections: "Bereiche", allCollections: "Alle Bereiche", searchAll: "Alle Einträge durchsuchen",
        searchIn: "Suchen in"},
      collectionTop: {
        newButton: "Neu: %{collectionLabel}",
        newButtonAriaLabel: "Neuen Eintrag anlegen: %{collectionLabel}",
        viewAsList: "Als Liste anzeigen",
        viewAsGrid: "Als Kacheln anzeigen",
        searchResults: "Suchergebnisse für „%{searchTerm}“",
        searchResultsInCollection: "Suchergebnisse für „%{searchTerm}“ in %{collection}"
      },
      entries: {
        loadingEntries: "Einträge werden geladen …",
        cachingEntries: "Einträge werden zwischengespeichert …",
        longerLoading: "Das kann einige Minuten dauern.",
        noEntries: "Noch keine Einträge",
        unpublishedHeader: "Nicht veröffentlichte Einträge"
      },
      defaultFields: {author: {label: "Bearbeitet von"}, updatedOn: {label: "Geändert am"}}
    },
    editor: {
      editorControl: {field: {widgetLabel: "Eingabefeld"}},
      editorControlPane: {
        widget: {
          required: "Bitte ausfüllen: %{fieldLabel}.",
          // our patterns' messages are sentences already ("Fünf Ziffern, z. B. 44147."): no label, no second "."
          regexPattern: "%{pattern}",
          processing: "%{fieldLabel} wird verarbeitet …",
          range: "Erlaubt sind %{minValue} bis %{maxValue}.",
          min: "Mindestens %{minValue}.",
          max: "Höchstens %{maxValue}.",
          rangeCount: "%{minCount} bis %{maxCount} Werte.",
          rangeCountExact: "Genau %{count} Werte.",
          rangeMin: "Mindestens %{minCount} Werte.",
          rangeMax: "Höchstens %{maxCount} Werte.",
          invalidPath: "„%{path}“ ist kein gültiger Dateipfad.",
          pathExists: "Die Datei „%{path}“ gibt es schon."
        },
        i18n: {
          copyFromLocaleConfirm: "Wirklich die Texte aus %{locale} übernehmen?\nDie bisherigen Texte werden " +
            "überschrieben."
        }
      },
      editor: {
        onLeavePage: "Möchten Sie das Formular wirklich verlassen? Nicht gespeicherte Änderungen gehen verloren.",
        onPublishing: "Diesen Eintrag jetzt veröffentlichen?",
        onDeleteWithUnsavedChanges: "Diesen Eintrag mit Ihren nicht gespeicherten Änderungen löschen? Die Datei " +
          "wird entfernt.",
        onDeletePublishedEntry: "Diesen Eintrag wirklich löschen? Die Datei wird entfernt.",
        loadingEntry: "Eintrag wird geladen …",
        confirmLoadBackup: "Für diesen Eintrag gibt es nicht gespeicherte Änderungen aus einer früheren Sitzung. " +
          "Wiederherstellen?"
      },
      editorInterface: {toggleI18n: "Übersetzungen", togglePreview: "Vorschau", toggleScrollSync: "Gemeinsam blättern",
        toggleNotes: "Notizen"},
      editorNotesPane: {
        title: "Notizen", emptyState: "Noch keine Notizen.", addNote: "Notiz hinzufügen",
        addPlaceholder: "Notiz schreiben …", editPlaceholder: "Notiz bearbeiten …", save: "Speichern",
        cancel: "Abbrechen", edit: "Bearbeiten", delete: "Löschen", resolve: "Erledigt", unresolve: "Wieder öffnen",
        confirmDelete: "Diese Notiz wirklich löschen?", shortcut: "Tipp: Strg+Eingabe fügt die Notiz hinzu."
      },
      editorToolbar: {
        publishing: "Wird veröffentlicht …",
        duplicate: "Kopie anlegen",
        publishAndCreateNew: "Veröffentlichen und neuen Eintrag anlegen",
        publishAndDuplicate: "Veröffentlichen und Kopie anlegen",
        deleteUnpublishedChanges: "Nicht veröffentlichte Änderungen verwerfen",
        deleteUnpublishedEntry: "Entwurf löschen",
        deletePublishedEntry: "Eintrag löschen",
        deleteEntry: "Eintrag löschen",
        saving: "Wird gespeichert …",
        deleting: "Wird gelöscht …",
        updating: "Wird aktualisiert …",
        unpublishing: "Veröffentlichung wird zurückgezogen …",
        deployPreviewPendingButtonLabel: "Vorschau prüfen",
        deployButtonLabel: "Auf der Website ansehen",
        backCollection: "Zurück zur Übersicht (%{collectionLabel})"  // not "zu allen Testviertel: Angebote"
      },
      editorWidgets: {
        markdown: {
          richText: "Formatiert", markdown: "Markdown", strikethrough: "Durchgestrichen", linkPrompt: "Adresse des Links",
          addComponent: "Baustein einfügen",
          toggleMode: {rich: "Formatiert bearbeiten", markdown: "Als Markdown bearbeiten"}
        },
        image: {choose: "Bild auswählen", chooseMultiple: "Bilder auswählen", chooseDifferent: "Anderes Bild wählen",
          addMore: "Weitere Bilder", remove: "Bild entfernen", removeAll: "Alle Bilder entfernen",
          chooseUrl: "Bild von einer Adresse", replaceUrl: "Andere Adresse", promptUrl: "Adresse des Bildes"},
        file: {choose: "Datei auswählen", chooseMultiple: "Dateien auswählen", chooseDifferent: "Andere Datei wählen",
          addMore: "Weitere Dateien", remove: "Datei entfernen", removeAll: "Alle Dateien entfernen",
          chooseUrl: "Datei von einer Adresse", replaceUrl: "Andere Adresse", promptUrl: "Adresse der Datei"},
        unknownControl: {noControl: "Für „%{widget}“ gibt es kein Eingabefeld."},
        unknownPreview: {noPreview: "Für „%{widget}“ gibt es keine Vorschau."},
        // our dates have no time: "now" is today
        datetime: {now: "Heute", clear: "Leeren", setToNow: "%{fieldLabel}: heute"},
        object: {expand: "Aufklappen", collapse: "Zuklappen"}
      }
    },
    mediaLibrary: {
      mediaLibraryCard: {copyUrl: "Adresse kopieren"},
      mediaLibrary: {onDelete: "Die ausgewählte Datei wirklich löschen?",
        fileTooLarge: "Die Datei ist zu groß: höchstens %{size} kB."},
      mediaLibraryModal: {
        loading: "Wird geladen …", noResults: "Nichts gefunden.", noAssetsFound: "Noch keine Dateien.",
        noImagesFound: "Noch keine Bilder.", private: "Privat ", images: "Bilder", mediaAssets: "Bilder und Dateien",
        search: "Suchen …", uploading: "Wird hochgeladen …", upload: "Hochladen", download: "Herunterladen",
        deleting: "Wird gelöscht …", deleteSelected: "Ausgewählte löschen", chooseSelected: "Ausgewählte einfügen",
        close: "Schließen"
      }
    },
    ui: {
      default: {goBackToSite: "Zurück zur Website"},
      errorBoundary: {
        title: "Fehler",
        details: "Im Formular ist ein Fehler aufgetreten – bitte ",
        reportIt: "melden Sie ihn.",
        privacyWarning: "Der Bericht enthält die Fehlermeldung und technische Angaben. Prüfen Sie ihn und entfernen " +
          "Sie persönliche Daten, bevor Sie ihn absenden.",
        recoveredEntry: {heading: "Wiederhergestellter Eintrag",
          warning: "Kopieren Sie diesen Text, bevor Sie die Seite verlassen!", copyButtonLabel: "Kopieren"}
      },
      settingsDropdown: {account: "Konto", logOut: "Abmelden"},
      toast: {
        onFailToLoadEntries: "Die Einträge ließen sich nicht laden: %{details}",
        onFailToLoadDeployPreview: "Die Vorschau ließ sich nicht laden: %{details}",
        onFailToPersist: "Nicht gespeichert: %{details}",
        onFailToDelete: "Nicht gelöscht: %{details}",
        onFailToUpdateStatus: "Der Status ließ sich nicht ändern: %{details}",
        entrySaved: "Eintrag gespeichert",
        entryPublished: "Eintrag veröffentlicht",
        entryUnpublished: "Eintrag nicht mehr veröffentlicht",
        onFailToPublishEntry: "Nicht veröffentlicht: %{details}",
        onFailToUnpublishEntry: "Die Veröffentlichung ließ sich nicht zurückziehen: %{details}",
        entryUpdated: "Status geändert",
        onDeleteUnpublishedChanges: "Nicht veröffentlichte Änderungen verworfen",
        onLoggedOut: "Sie wurden abgemeldet. Sichern Sie Ihre Eingaben und melden Sie sich neu an.",
        onBackendDown: "Der Speicherdienst ist nicht erreichbar: %{details}",
        noteAdded: "Notiz hinzugefügt", onFailToAddNote: "Die Notiz ließ sich nicht hinzufügen: %{details}",
        noteUpdated: "Notiz geändert", onFailToUpdateNote: "Die Notiz ließ sich nicht ändern: %{details}",
        noteDeleted: "Notiz gelöscht", onFailToDeleteNote: "Die Notiz ließ sich nicht löschen: %{details}",
        noteResolved: "Notiz erledigt", noteReopened: "Notiz wieder geöffnet",
        onFailToToggleNote: "Die Notiz ließ sich nicht ändern: %{details}"
      }
    },
    workflow: {
      workflow: {loading: "Einträge werden geladen …", newPost: "Neuer Eintrag"},
      workflowCard: {deleteNewEntry: "Neuen Eintrag löschen", publishChanges: "Änderungen veröffentlichen",
        publishNewEntry: "Neuen Eintrag veröffentlichen"},
      workflowList: {onDeleteEntry: "Diesen Eintrag wirklich löschen?",
        onPublishEntry: "Diesen Eintrag wirklich veröffentlichen?",
        currentEntries: "%{smart_count} Eintrag |||| %{smart_count} Einträge"}
    }
  };

  // Decap's German texts with ours laid over them (registerLocale replaces a language's texts as a whole).
  function merged(base, over) {
    var result = Object.assign({}, base);
    Object.keys(over).forEach(function (key) {
      var value = over[key];
      result[key] = value && typeof value === "object" ? merged(base && base[key], value) : value;
    });
    return result;
  }
  window.CMS.registerLocale("de", merged(window.CMS.getLocale("de") || {}, texts));

  // Field errors in ordinary letters: Decap's error list (an <ul> beside the field's label) is set in capitals.
  var style = document.createElement("style");
  style.textContent = "label + ul, label ~ ul { text-transform: none !important; }";
  document.head.appendChild(style);

  // The choice lists (react-select inside Decap) name their remove buttons in English, outside Decap's texts.
  var ENGLISH = [[/^Remove (.+)$/, "$1 entfernen"]];
  function translate(element) {
    var label = element.getAttribute("aria-label");
    ENGLISH.forEach(function (pair) {
      if (label && pair[0].test(label)) {
        element.setAttribute("aria-label", label.replace(pair[0], pair[1]));
      }
    });
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      if (change.type === "attributes") {
        translate(change.target);
      }
      Array.prototype.forEach.call(change.addedNodes, function (node) {
        if (node.nodeType === 1) {
          [node].concat(Array.prototype.slice.call(node.querySelectorAll("[aria-label]"))).forEach(translate);
        }
      });
    });
  }).observe(document.documentElement, {subtree: true, childList: true, attributes: true,
    attributeFilter: ["aria-label"]});
})();
