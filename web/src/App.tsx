import { Route, Routes } from "react-router";

import Layout from "./components/Layout";
import Catalog from "./pages/Catalog";
import Home from "./pages/Home";
import Login from "./pages/Login";
import Screener from "./pages/Screener";

export default function App() {
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/login" element={<Login />} />
        <Route path="/screener" element={<Screener />} />
        <Route path="/catalog" element={<Catalog />} />
        <Route path="*" element={<Home />} />
      </Routes>
    </Layout>
  );
}
