//! The indicators' chart as a PNG, for the DOCX report: one bar per month for the share of the
//! contracts notified with at least one social consideration, and the buyer's target as a
//! line across. Drawn by plotters on a bitmap, with the font egui already ships, so the same
//! picture comes out on any machine, without system fonts.

use super::compute::Indicators;
use plotters::coord::ranged1d::{IntoSegmentedCoord, SegmentValue};
use plotters::prelude::*;

pub const WIDTH: u32 = 1200; // not a legal figure: pixels
pub const HEIGHT: u32 = 560; // not a legal figure: pixels

/// One bar of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// « 09/2026 ».
    pub label: String,
    /// Share of the month's contracts with a social consideration, percent.
    pub share: f64,
    pub contracts: usize,
}

/// The bars, in month order.
pub fn bars(indicators: &Indicators) -> Vec<Bar> {
    indicators
        .by_month
        .iter()
        .map(|((year, month), b)| Bar {
            label: format!("{month:02}/{year}"),
            share: b.share_count(b.any).unwrap_or(0.0),
            contracts: b.total.count,
        })
        .collect()
}

fn register_font() -> Result<(), String> {
    static DONE: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    DONE.get_or_init(|| {
        plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            epaint_default_fonts::UBUNTU_LIGHT,
        )
        .map_err(|_| "police du graphique illisible".to_string())
    })
    .clone()
}

/// The chart as PNG bytes; None when there is no month to draw.
pub fn png(indicators: &Indicators) -> Result<Option<Vec<u8>>, String> {
    let bars = bars(indicators);
    if bars.is_empty() {
        return Ok(None);
    }
    register_font()?;
    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    draw(&mut rgb, &bars, indicators.options.target_percent)
        .map_err(|e| format!("graphique impossible à dessiner ({e})"))?;
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| format!("image PNG impossible à écrire ({e})"))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| format!("image PNG impossible à écrire ({e})"))?;
    }
    Ok(Some(out))
}

fn draw(rgb: &mut [u8], bars: &[Bar], target: f64) -> Result<(), Box<dyn std::error::Error>> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let n = bars.len() as i32;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("Part des contrats notifiés avec une considération sociale, par mois (en rouge : la cible, {target:.0} %)"),
            ("sans-serif", 26),
        )
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(70)
        // An integer range is taken with its end: 0..n - 1 gives the n segments.
        .build_cartesian_2d((0..n - 1).into_segmented(), 0f64..100f64)?;
    // At most a dozen month labels, whatever the period.
    let step = (bars.len() / 12 + 1) as i32;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_desc("% des contrats")
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.0} %"))
        .x_labels(bars.len() + 1)
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(i) if *i >= 0 && *i < n && i % step == 0 => {
                bars[*i as usize].label.clone()
            }
            _ => String::new(),
        })
        .label_style(("sans-serif", 20))
        .axis_desc_style(("sans-serif", 22))
        .draw()?;
    let bar_color = RGBColor(47, 84, 150);
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let i = i as i32;
        let mut rect = Rectangle::new(
            [
                (SegmentValue::Exact(i), 0.0),
                (SegmentValue::Exact(i + 1), b.share),
            ],
            bar_color.filled(),
        );
        rect.set_margin(0, 0, 6, 6);
        rect
    }))?;
    let target_color = RGBColor(192, 0, 0);
    chart.draw_series(std::iter::once(PathElement::new(
        vec![
            (SegmentValue::Exact(0), target),
            (SegmentValue::Exact(n), target),
        ],
        target_color.stroke_width(3),
    )))?;
    root.present()?;
    Ok(())
}
