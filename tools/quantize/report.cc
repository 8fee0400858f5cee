// Text, JSON and HTML forms of the quantization report.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "tools/quantize/pipeline.h"

namespace octet::quantize {

namespace {

// Fixed-point text of `value` with `decimals` decimals (the format strings stay literal).
std::string Fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned char>(c));
      out += esc;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string HtmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Percent(double fraction) { return fraction < 0 ? "n/a" : Fixed(100.0 * fraction, 1) + "%"; }

}  // namespace

std::string ReportText(const Report& r) {
  std::string t;
  t += "model: " + r.model + "\n";
  t += "calibrator: " + r.calibrator + ", weights " + (r.per_channel ? "per channel" : "per tensor") +
       ", equalization " + (r.equalized ? "on" : "off") + ", bias correction " + (r.bias_corrected ? "on" : "off") +
       ", " + std::to_string(r.samples) + " calibration sample(s)\n";
  for (const auto& note : r.notes) t += "note: " + note + "\n";
  if (r.layers.empty()) return t;
  t += "\nper-layer SQNR of the int8 output (octet runtime) against float:\n";
  t += "   #  op                  SQNR dB   alone dB  name\n";
  for (size_t i = 0; i < r.layers.size(); ++i) {
    const LayerReport& l = r.layers[i];
    char line[512];
    std::snprintf(line, sizeof line, "%4zu  %-18s %8.2f  %9s  %s\n", i, l.kind.c_str(), l.sqnr_db,
                  l.has_sensitivity ? Fixed(l.sensitivity_db, 2).c_str() : "-", l.name.c_str());
    t += line;
  }
  t += "\noutput SQNR: " + Fixed(r.output_sqnr_db, 2) + " dB\n";
  if (r.top1_agreement >= 0) t += "top-1 agreement with float: " + Percent(r.top1_agreement) + "\n";
  if (r.labeled) {
    t += "accuracy on " + std::to_string(r.labeled) + " labeled sample(s): float " + Percent(r.float_accuracy) +
         ", int8 " + Percent(r.quantized_accuracy) + "\n";
  }
  if (!r.sensitivity_order.empty()) {
    t += "\nsensitivity (output SQNR with only this layer quantized; most costly first):\n";
    for (size_t k = 0; k < r.sensitivity_order.size() && k < 10; ++k) {
      const LayerReport& l = r.layers[static_cast<size_t>(r.sensitivity_order[k])];
      t += "  " + std::to_string(k + 1) + ". " + l.name + " (" + l.kind + "): " + Fixed(l.sensitivity_db, 2) +
           " dB\n";
    }
  }
  return t;
}

std::string ReportJson(const Report& r) {
  std::string j = "{\n";
  j += "  \"model\": " + JsonString(r.model) + ",\n";
  j += "  \"calibrator\": " + JsonString(r.calibrator) + ",\n";
  j += std::string("  \"per_channel\": ") + (r.per_channel ? "true" : "false") + ",\n";
  j += std::string("  \"equalized\": ") + (r.equalized ? "true" : "false") + ",\n";
  j += std::string("  \"bias_corrected\": ") + (r.bias_corrected ? "true" : "false") + ",\n";
  j += "  \"samples\": " + std::to_string(r.samples) + ",\n";
  j += "  \"output_sqnr_db\": " + Fixed(r.output_sqnr_db, 4) + ",\n";
  j += "  \"top1_agreement\": " + (r.top1_agreement < 0 ? std::string("null") : Fixed(r.top1_agreement, 6)) + ",\n";
  j += "  \"labeled\": " + std::to_string(r.labeled) + ",\n";
  j += "  \"float_accuracy\": " + (r.float_accuracy < 0 ? std::string("null") : Fixed(r.float_accuracy, 6)) + ",\n";
  j += "  \"quantized_accuracy\": " +
       (r.quantized_accuracy < 0 ? std::string("null") : Fixed(r.quantized_accuracy, 6)) + ",\n";
  j += "  \"notes\": [";
  for (size_t k = 0; k < r.notes.size(); ++k) j += (k ? ", " : "") + JsonString(r.notes[k]);
  j += "],\n  \"layers\": [\n";
  for (size_t i = 0; i < r.layers.size(); ++i) {
    const LayerReport& l = r.layers[i];
    j += "    {\"index\": " + std::to_string(i) + ", \"name\": " + JsonString(l.name) + ", \"op\": " + JsonString(l.kind) +
         ", \"sqnr_db\": " + Fixed(l.sqnr_db, 4) + ", \"sensitivity_db\": " +
         (l.has_sensitivity ? Fixed(l.sensitivity_db, 4) : std::string("null")) + "}" +
         (i + 1 < r.layers.size() ? "," : "") + "\n";
  }
  j += "  ],\n  \"sensitivity_ranking\": [";
  for (size_t k = 0; k < r.sensitivity_order.size(); ++k) j += (k ? ", " : "") + std::to_string(r.sensitivity_order[k]);
  j += "]\n}\n";
  return j;
}

std::string ReportHtml(const Report& r) {
  std::string h = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>octet quantize: " + HtmlEscape(r.model) +
                  "</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
                  "td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}td.n{text-align:right}"
                  "svg text{font-size:10px}</style></head><body>\n";
  h += "<h1>octet quantize report</h1>\n<p><b>" + HtmlEscape(r.model) + "</b><br>calibrator " + HtmlEscape(r.calibrator) +
       ", weights " + (r.per_channel ? "per channel" : "per tensor") + ", equalization " +
       (r.equalized ? "on" : "off") + ", bias correction " + (r.bias_corrected ? "on" : "off") + ", " +
       std::to_string(r.samples) + " calibration samples</p>\n<ul>";
  h += "<li>output SQNR: " + Fixed(r.output_sqnr_db, 2) + " dB</li>";
  if (r.top1_agreement >= 0) h += "<li>top-1 agreement with float: " + Percent(r.top1_agreement) + "</li>";
  if (r.labeled) {
    h += "<li>accuracy on " + std::to_string(r.labeled) + " labeled samples: float " + Percent(r.float_accuracy) +
         ", int8 " + Percent(r.quantized_accuracy) + "</li>";
  }
  for (const auto& note : r.notes) h += "<li>" + HtmlEscape(note) + "</li>";
  h += "</ul>\n";
  // Per-layer SQNR bar chart.
  if (!r.layers.empty()) {
    double top = 10;
    for (const auto& l : r.layers) top = std::max(top, std::min(l.sqnr_db, 80.0));
    top = std::ceil(top / 10) * 10;
    const int bar = 14, label_w = 330, chart_w = 520;
    const int height = static_cast<int>(r.layers.size()) * bar + 30;
    h += "<h2>Per-layer SQNR (int8 output vs float, dB)</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
         std::to_string(label_w + chart_w + 60) + "\" height=\"" + std::to_string(height) + "\">\n";
    for (int tick = 0; tick <= static_cast<int>(top); tick += 10) {
      const double x = label_w + chart_w * tick / top;
      h += "<line x1=\"" + Fixed(x, 1) + "\" y1=\"0\" x2=\"" + Fixed(x, 1) + "\" y2=\"" +
           std::to_string(height - 20) + "\" stroke=\"#eee\"/><text x=\"" + Fixed(x, 1) + "\" y=\"" +
           std::to_string(height - 6) + "\" text-anchor=\"middle\">" + std::to_string(tick) + "</text>\n";
    }
    for (size_t i = 0; i < r.layers.size(); ++i) {
      const LayerReport& l = r.layers[i];
      const double v = std::clamp(l.sqnr_db, 0.0, top);
      const int y = static_cast<int>(i) * bar;
      const char* color = l.sqnr_db < 20 ? "#d9534f" : l.sqnr_db < 30 ? "#f0ad4e" : "#5b9bd5";
      std::string label = std::to_string(i) + " " + l.kind + " " + l.name;
      if (label.size() > 60) label = label.substr(0, 57) + "...";
      h += "<text x=\"" + std::to_string(label_w - 4) + "\" y=\"" + std::to_string(y + 10) +
           "\" text-anchor=\"end\">" + HtmlEscape(label) + "</text><rect x=\"" + std::to_string(label_w) + "\" y=\"" +
           std::to_string(y + 2) + "\" width=\"" + Fixed(chart_w * v / top, 1) + "\" height=\"" +
           std::to_string(bar - 4) + "\" fill=\"" + color + "\"><title>" + HtmlEscape(l.name) + ": " +
           Fixed(l.sqnr_db, 2) + " dB</title></rect><text x=\"" + Fixed(label_w + chart_w * v / top + 3, 1) +
           "\" y=\"" + std::to_string(y + 10) + "\">" + Fixed(l.sqnr_db, 1) + "</text>\n";
    }
    h += "</svg>\n";
  }
  if (!r.sensitivity_order.empty()) {
    h += "<h2>Sensitivity ranking</h2>\n<p>Output SQNR against float when only this layer is quantized "
         "(simulated); lowest first: the layers that cost the most.</p>\n<table><tr><th>rank</th><th>layer</th>"
         "<th>op</th><th>output SQNR dB</th><th>own SQNR dB</th></tr>\n";
    for (size_t k = 0; k < r.sensitivity_order.size(); ++k) {
      const LayerReport& l = r.layers[static_cast<size_t>(r.sensitivity_order[k])];
      h += "<tr><td class=\"n\">" + std::to_string(k + 1) + "</td><td>" + HtmlEscape(l.name) + "</td><td>" + l.kind +
           "</td><td class=\"n\">" + Fixed(l.sensitivity_db, 2) + "</td><td class=\"n\">" +
           Fixed(l.sqnr_db, 2) + "</td></tr>\n";
    }
    h += "</table>\n";
  }
  h += "</body></html>\n";
  return h;
}

}  // namespace octet::quantize
