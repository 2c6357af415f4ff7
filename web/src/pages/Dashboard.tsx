import { Alert, Box, Card, CardContent, Grid, Typography } from "@mui/material";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { api } from "../api/client";

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

interface Kpis {
  cases: number;
  open: number;
  closed_by_outcome: Record<string, number>;
  time_to_resolution: { count: number; median_hours: number };
  contacts_per_resolved: number;
  first_contact_resolution: number;
  agencies_per_case: number;
  sla: { tasks: number; breached: number; breached_share: number };
  load: { open_by_queue: Record<string, number>; pending_by_agency: Record<string, number> };
}

// The KPIs of DESIGN.md §3.7 from GET /api/v1/kpis, with the load drawn by ECharts.
export default function Dashboard() {
  const { t } = useTranslation();
  const [kpis, setKpis] = useState<Kpis | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<Kpis>("GET", "/api/v1/kpis")
      .then(setKpis)
      .catch((failure: Error) => setError(failure.message));
  }, []);
  if (error) return <Alert severity="error">{error}</Alert>;
  if (!kpis) return <Typography>{t("common.loading")}</Typography>;
  const figures: [string, string][] = [
    [t("dashboard.cases"), String(kpis.cases)],
    [t("dashboard.open"), String(kpis.open)],
    [t("dashboard.resolved"), String(kpis.closed_by_outcome.resolved ?? 0)],
    [t("dashboard.timeToResolution"), kpis.time_to_resolution.median_hours.toFixed(1)],
    [t("dashboard.contacts"), kpis.contacts_per_resolved.toFixed(1)],
    [t("dashboard.firstContact"), `${Math.round(kpis.first_contact_resolution * 100)} %`],
    [t("dashboard.agencies"), kpis.agencies_per_case.toFixed(1)],
    [t("dashboard.slaBreached"), `${kpis.sla.breached} / ${kpis.sla.tasks}`],
  ];
  return (
    <Box>
      <Typography variant="h4" component="h1" gutterBottom>
        {t("dashboard.title")}
      </Typography>
      <Grid container spacing={2}>
        {figures.map(([label, value]) => (
          <Grid key={label} size={{ xs: 12, sm: 6, md: 3 }}>
            <Card variant="outlined">
              <CardContent>
                <Typography variant="body2">{label}</Typography>
                <Typography variant="h5" component="p">
                  {value}
                </Typography>
              </CardContent>
            </Card>
          </Grid>
        ))}
        <Grid size={{ xs: 12, md: 6 }}>
          <Chart title={t("dashboard.loadByQueue")} data={kpis.load.open_by_queue} />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Chart title={t("dashboard.loadByAgency")} data={kpis.load.pending_by_agency} />
        </Grid>
      </Grid>
    </Box>
  );
}

function Chart({ title, data }: { title: string; data: Record<string, number> }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current);
    chart.setOption({
      animation: false, // drawn at once: what a screenshot or a printout shows is the figure
      tooltip: {},
      xAxis: { type: "category", data: Object.keys(data), axisLabel: { rotate: 30 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: Object.values(data), itemStyle: { color: "#0b5394" } }],
    });
    return () => chart.dispose();
  }, [data]);
  // The chart's figures in words too, for a screen reader.
  const summary = Object.entries(data)
    .map(([key, value]) => `${key}: ${value}`)
    .join(", ");
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h2">
          {title}
        </Typography>
        <div ref={element} role="img" aria-label={`${title}. ${summary}`} style={{ height: 300 }} />
      </CardContent>
    </Card>
  );
}
