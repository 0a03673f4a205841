"""The words the worksheet machinery prints around the worksheets' own text, in each of the guide's languages.

The worksheets themselves are written per language (docs/worksheets/, docs-es/worksheets/); these are the
words of their pages, PDFs, workbooks, the worksheets index and the "My answers" page
(hooks/kapguide/worksheet_render.py and worksheet_templates/), and the messages of the page's script
(docs/assets/javascripts/worksheets.js reads ``script_text`` as JSON from the page: overrides/worksheet.html).
A word missing in a language is shown in English. Words about phone lines ("Call or text 988") and the
review line are shared with the rest of the guide, in kapguide/ui_text.py.

In a text, ``{name}`` is filled in by the code that prints it; ``[words]`` (``linked``) are the words of a link.
"""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    # The four parts of treatment, as the index, the workbooks and their covers name them
    "section.preparation": "Before your first session",
    "section.in-session": "On the day of a session",
    "section.difficult-sessions": "When a session is hard",
    "section.between-sessions": "Between sessions",
    # Workbooks (worksheet_render.workbooks)
    "workbook_title": "My KAP workbook",
    "workbook_intro": "Every worksheet from {clinic}'s guide, in the order of your treatment.",
    "section_workbook_title": "Worksheets: {section}",
    "section_workbook_intro": "The worksheets for this part of your treatment, from {clinic}'s guide.",
    # The worksheets index (worksheet_render.index_page)
    "index_title": "Worksheets",
    "index_description": "Printable worksheets you can fill in on paper or on screen, grouped by stage of treatment.",
    "index_keywords": "worksheet, printable, print, form, pdf, download, fill in, workbook, journal, track my mood",
    "index_intro": "Worksheets help you get ready for sessions, make sense of them, and notice how you are doing.",
    "index_intro_device": "You can fill them in on screen or print them. What you type stays on your own device.",
    "pdf_to_print": "PDF to print",
    "saved_heading": "Everything you have saved",
    "saved_text": "[My answers] shows what you have written in every worksheet on this device. You can print it, "
                  "save it to a file, or delete it.",
    "print_all_heading": "Print them all at once",
    "book_count": "({count} worksheets)",
    # The "My answers" page (worksheet_render.my_answers_page, answers.html.j2)
    "my_answers_title": "My answers",
    "my_answers_description": "Everything you have written in the worksheets on this device, to read, print, save or "
                              "delete.",
    "my_answers_intro": "This page shows what you have written in the worksheets. You can print it, save it to a file, "
                        "or delete it.",
    "my_answers_device": "Your answers are kept only in this browser on this device. Nothing is sent to the clinic. "
                         "If you clear your browser data, your answers are deleted too. To keep a copy, save them to a "
                         "file.",
    "print_all": "Print all",
    "save_file": "Save to a file",
    "load_file": "Load from a file",
    "answers_empty": "You have not saved any answers on this device yet. When you fill in a [worksheet], what you "
                     "write shows here.",
    "open_worksheet": "Open this worksheet",
    "week_by_week": "{label}, week by week",
    "delete_all": "Delete everything",
    "delete_confirm": "Delete every answer on this device, past weeks too? You cannot undo this. If you want a copy, "
                      "save your answers to a file first.",
    "keep_answers": "No, keep my answers",
    "delete_yes": "Yes, delete everything",
    "name_and_number": "Name and number {n}",
    # A worksheet's web page (web.html.j2)
    "print": "Print",
    "download_pdf": "Download the PDF",
    "privacy": "Your answers are saved only in this browser, on this device. Nothing is sent anywhere.",
    "see_saved": "See everything you have saved",
    "new_week": "Start a new week",
    "clear_answers": "Clear my answers",
    "undo": "Undo",
    "see_past_weeks": "See your past weeks",
    "in_a_crisis": "In a crisis:",
    # Fields (fields.html.j2)
    "scale_means": "{label}: {min} means {low}, {max} means {high}",
    "my_number": "My number:",
    "number_0_to_10": "Use a number from 0 to 10",  # shown under a grid cell that holds anything else
    # The PDFs (pdf.html.j2, urgency.html.j2)
    "contents": "Contents",
    "page_of": "Page {page} of {pages}",
    "when_to_get_help": "When to get help",
    "now_title": "Now: call the emergency number or a crisis line",
    "now_text": "if you are in danger, might act on thoughts of suicide or of harming yourself or someone else, or "
                "have a physical emergency.",
    "today_title": "Today: contact your treatment team",
    "today_text": "about any other warning sign.",
    "next_title": "At your next visit:",
    "next_text": "the usual ups and downs, and anything else on your mind.",
    # The "related" box under a page (worksheets_hook.on_page_context)
    "related_worksheets": "Worksheets that help",
    "related_pages": "Pages this worksheet goes with",
    # The page's script (docs/assets/javascripts/worksheets.js): SCRIPT_KEYS below
    "js_clear_none": "There were no answers to clear.",
    "js_cleared": "Your answers are cleared from this device. You can undo this for {seconds} seconds.",
    "js_answers_back": "Your answers are back.",
    "js_week_empty": "This week is still empty, so there is nothing to file away yet.",
    "js_week_not_saved": "This browser could not save the week, so your answers are still here.",
    "js_week_filed": "Last week is filed away on this device. This week starts empty.",
    "js_past_weeks_one": "You have 1 past week saved on this device.",
    "js_past_weeks_other": "You have {count} past weeks saved on this device.",
    "js_yes": "Yes",
    "js_call": "Call {number}",
    "js_week_starting": "Week starting {date}",
    "js_week": "Week {number}",
    "js_week_filed_on": "Week {number}, filed away on {date}",
    "js_this_week": "This week",
    "js_past_week": "Past week: {title}",
    "js_chart_one": "Line chart of {names}, day by day over 1 week, from 0 at the bottom to 10 at the top. The numbers "
                    "are below the chart.",
    "js_chart_other": "Line chart of {names}, day by day over {count} weeks, from 0 at the bottom to 10 at the top. "
                      "The numbers are below the chart.",
    "js_average_one": "{label}: about {average} on average.",
    "js_average_none": "{label}: no numbers yet.",
    "js_first_and_latest": "{label}: {first} in the first week, {latest} in the latest week.",
    "js_about": "about {value}",
    "js_no_numbers": "no numbers",
    "js_average_caption": "Average for each week",
    "js_week_column": "Week",
    "js_none": "none",
    "js_nothing_to_save": "There are no answers on this device to save yet.",
    "js_file_name": "my-answers-{date}.json",
    "js_saved_file": "Your answers are saved in a file called {name}. Look for it in your downloads. Keep it somewhere "
                     "private.",
    "js_refused": "This file is not a file of saved answers from this guide, so nothing was loaded. Your answers on "
                  "this device have not changed.",
    "js_loaded_one": "Your answers from the file are loaded: 1 worksheet. They replace what was on this device for "
                     "those worksheets. You can undo this for {seconds} seconds.",
    "js_loaded_other": "Your answers from the file are loaded: {count} worksheets. They replace what was on this "
                       "device for those worksheets. You can undo this for {seconds} seconds.",
    "js_before_back": "The answers from before are back.",
    "js_nothing_deleted": "Nothing was deleted.",
    "js_all_deleted": "Everything is deleted from this device.",
}

SPANISH: dict[str, str] = {
    "section.preparation": "Antes de su primera sesión",
    "section.in-session": "El día de la sesión",
    "section.difficult-sessions": "Cuando una sesión es difícil",
    "section.between-sessions": "Entre sesiones",
    "workbook_title": "Mi cuaderno de trabajo",
    "workbook_intro": "Todas las hojas de trabajo de la guía de {clinic}, en el orden de su tratamiento.",
    "section_workbook_title": "Hojas de trabajo: {section}",
    "section_workbook_intro": "Las hojas de trabajo para esta parte de su tratamiento, de la guía de {clinic}.",
    "index_title": "Hojas de trabajo",
    "index_description": "Hojas de trabajo para llenar en papel o en la pantalla, según la etapa de su tratamiento.",
    "index_keywords": "hoja de trabajo, hojas, imprimir, formulario, pdf, descargar, llenar, cuaderno, diario, "
                      "anotar mi ánimo",
    "index_intro": "Las hojas de trabajo le ayudan a prepararse para las sesiones, a entenderlas y a ver cómo está.",
    "index_intro_device": "Puede llenarlas en la pantalla o imprimirlas. Lo que escriba se queda en su propio "
                          "dispositivo.",
    "pdf_to_print": "PDF para imprimir",
    "saved_heading": "Todo lo que ha guardado",
    "saved_text": "[Mis respuestas] muestra lo que ha escrito en cada hoja de trabajo en este dispositivo. Puede "
                  "imprimirlo, guardarlo en un archivo o borrarlo.",
    "print_all_heading": "Imprimirlas todas juntas",
    "book_count": "({count} hojas de trabajo)",
    "my_answers_title": "Mis respuestas",
    "my_answers_description": "Todo lo que ha escrito en las hojas de trabajo en este dispositivo, para leerlo, "
                              "imprimirlo, guardarlo o borrarlo.",
    "my_answers_intro": "Esta página muestra lo que ha escrito en las hojas de trabajo. Puede imprimirlo, guardarlo "
                        "en un archivo o borrarlo.",
    "my_answers_device": "Sus respuestas se guardan solo en este navegador, en este dispositivo. No se envía nada a "
                         "la clínica. Si borra los datos del navegador, también se borran sus respuestas. Para tener "
                         "una copia, guárdelas en un archivo.",
    "print_all": "Imprimir todo",
    "save_file": "Guardar en un archivo",
    "load_file": "Abrir un archivo",
    "answers_empty": "Todavía no ha guardado respuestas en este dispositivo. Cuando llene una [hoja de trabajo], lo "
                     "que escriba aparecerá aquí.",
    "open_worksheet": "Abrir esta hoja de trabajo",
    "week_by_week": "{label}, semana por semana",
    "delete_all": "Borrar todo",
    "delete_confirm": "¿Quiere borrar todas las respuestas de este dispositivo, también las de semanas anteriores? "
                      "No se puede deshacer. Si quiere una copia, guarde antes sus respuestas en un archivo.",
    "keep_answers": "No, conservar mis respuestas",
    "delete_yes": "Sí, borrar todo",
    "name_and_number": "Nombre y número {n}",
    "print": "Imprimir",
    "download_pdf": "Descargar el PDF",
    "privacy": "Sus respuestas se guardan solo en este navegador, en este dispositivo. No se envían a ninguna parte.",
    "see_saved": "Ver todo lo que ha guardado",
    "new_week": "Empezar una semana nueva",
    "clear_answers": "Borrar mis respuestas",
    "undo": "Deshacer",
    "see_past_weeks": "Ver sus semanas anteriores",
    "in_a_crisis": "En una crisis:",
    "scale_means": "{label}: {min} quiere decir {low}, {max} quiere decir {high}",
    "my_number": "Mi número:",
    "number_0_to_10": "Use un número del 0 al 10",
    "contents": "Contenido",
    "page_of": "Página {page} de {pages}",
    "when_to_get_help": "Cuándo pedir ayuda",
    "now_title": "Ahora: llame al número de emergencias o a una línea de crisis",
    "now_text": "si está en peligro, si podría actuar según ideas de suicidio o de hacerse daño o hacer daño a otra "
                "persona, o si tiene una emergencia física.",
    "today_title": "Hoy: comuníquese con su equipo de tratamiento",
    "today_text": "por cualquier otra señal de alarma.",
    "next_title": "En su próxima visita:",
    "next_text": "los altibajos de siempre, y cualquier otra cosa que tenga en mente.",
    "related_worksheets": "Hojas de trabajo que le pueden ayudar",
    "related_pages": "Páginas que van con esta hoja de trabajo",
    "js_clear_none": "No había respuestas para borrar.",
    "js_cleared": "Sus respuestas se borraron de este dispositivo. Puede deshacerlo durante {seconds} segundos.",
    "js_answers_back": "Sus respuestas volvieron.",
    "js_week_empty": "Esta semana todavía está vacía, así que aún no hay nada que guardar.",
    "js_week_not_saved": "Este navegador no pudo guardar la semana, así que sus respuestas siguen aquí.",
    "js_week_filed": "La semana pasada quedó guardada en este dispositivo. Esta semana empieza vacía.",
    "js_past_weeks_one": "Tiene 1 semana anterior guardada en este dispositivo.",
    "js_past_weeks_other": "Tiene {count} semanas anteriores guardadas en este dispositivo.",
    "js_yes": "Sí",
    "js_call": "Llamar al {number}",
    "js_week_starting": "Semana que empieza el {date}",
    "js_week": "Semana {number}",
    "js_week_filed_on": "Semana {number}, guardada el {date}",
    "js_this_week": "Esta semana",
    "js_past_week": "Semana anterior: {title}",
    "js_chart_one": "Gráfico de líneas de {names}, día por día durante 1 semana, de 0 abajo a 10 arriba. Los números "
                    "están debajo del gráfico.",
    "js_chart_other": "Gráfico de líneas de {names}, día por día durante {count} semanas, de 0 abajo a 10 arriba. "
                      "Los números están debajo del gráfico.",
    "js_average_one": "{label}: alrededor de {average} en promedio.",
    "js_average_none": "{label}: todavía no hay números.",
    "js_first_and_latest": "{label}: {first} en la primera semana, {latest} en la última semana.",
    "js_about": "alrededor de {value}",
    "js_no_numbers": "sin números",
    "js_average_caption": "Promedio de cada semana",
    "js_week_column": "Semana",
    "js_none": "ninguno",
    "js_nothing_to_save": "Todavía no hay respuestas en este dispositivo para guardar.",
    "js_file_name": "mis-respuestas-{date}.json",
    "js_saved_file": "Sus respuestas están guardadas en un archivo llamado {name}. Búsquelo en sus descargas. "
                     "Guárdelo en un lugar privado.",
    "js_refused": "Este archivo no es un archivo de respuestas guardadas de esta guía, así que no se abrió nada. Sus "
                  "respuestas en este dispositivo no cambiaron.",
    "js_loaded_one": "Se abrieron sus respuestas del archivo: 1 hoja de trabajo. Reemplazan lo que había en este "
                     "dispositivo para esa hoja. Puede deshacerlo durante {seconds} segundos.",
    "js_loaded_other": "Se abrieron sus respuestas del archivo: {count} hojas de trabajo. Reemplazan lo que había en "
                       "este dispositivo para esas hojas. Puede deshacerlo durante {seconds} segundos.",
    "js_before_back": "Volvieron las respuestas de antes.",
    "js_nothing_deleted": "No se borró nada.",
    "js_all_deleted": "Se borró todo de este dispositivo.",
}

TEXT: dict[str, dict[str, str]] = {"en": ENGLISH, "es": SPANISH}

# The words the page's script needs, without their "js_" prefix (worksheets.js reads them from the page).
SCRIPT_PREFIX = "js_"


def worksheet_text(language: str) -> dict[str, str]:
    """Every word for ``language``, with English where that language has none."""
    return {**ENGLISH, **TEXT.get(language, {})}


def script_text(language: str) -> dict[str, str]:
    """The script's words for ``language`` (English where it has none), named as worksheets.js names them."""
    return {key[len(SCRIPT_PREFIX):]: value for key, value in worksheet_text(language).items()
            if key.startswith(SCRIPT_PREFIX)}


def missing_words(language: str) -> list[str]:
    """The words ``language`` still shows in English (a test keeps this empty for the shipped languages)."""
    return sorted(set(ENGLISH) - set(TEXT.get(language, {})))


def section_title(section: str, language: str) -> str:
    return worksheet_text(language)[f"section.{section}"]
