fn main() {
    let rules = tumar::Rules::builtin().unwrap();
    let bundle = rules.to_bundle();
    eprintln!("bundle {} bytes", bundle.len());
    std::fs::write("/tmp/w9/b.bin", &bundle).unwrap();
    let t = std::time::Instant::now();
    for _ in 0..200 { std::hint::black_box(tumar::Rules::from_bundle(&bundle).unwrap()); }
    eprintln!("{:?}", t.elapsed() / 200);
}
